#include "catalogue/year_levels.hpp"

#include "catalogue/resource.hpp"

#include <charconv>

namespace commonsbot::catalogue {

std::optional<int> year_number(std::string_view word) {
  if (word == "ne") return min_year;
  int n = 0;
  auto [p, ec] = std::from_chars(word.data(), word.data() + word.size(), n);
  if (ec != std::errc() || p != word.data() + word.size() || n < min_year || n > max_year) return std::nullopt;
  return n;
}

std::string year_label(int year) { return year == 0 ? "NE" : std::to_string(year); }

std::string year_label(int from, int to) { return from == to ? year_label(from) : year_label(from) + "-" + year_label(to); }

}  // namespace commonsbot::catalogue
