#include "collab/plan_input.hpp"

#include "catalogue/resource.hpp"
#include "catalogue/year_levels.hpp"
#include "core/lists.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace commonsbot::collab {
namespace {

// Replaces every `from` in `s` with `to`.
void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

}  // namespace

std::vector<std::string> split_spoken_list(std::string_view text) {
  std::string s = " " + std::string(text) + " ";
  // " and " in any case, but not inside a word ("Standards").
  std::string lower = core::to_lower_ascii(s);
  for (auto at = lower.find(" and "); at != std::string::npos; at = lower.find(" and ", at + 1)) {
    s.replace(at, 5, " ,   ");
    lower.replace(at, 5, " ,   ");
  }
  return core::split_list(s, ",;/&\n");
}

std::vector<std::string> read_areas(std::string_view text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& piece : split_spoken_list(text)) {
    std::string area = catalogue::canonical_area(piece);
    if (seen.insert(catalogue::area_key(area)).second) out.push_back(std::move(area));
  }
  return out;
}

year_levels read_years(std::string_view text) {
  year_levels out;
  std::string s = " " + core::to_lower_ascii(text) + " ";
  replace_all(s, "\xE2\x80\x93", "-");  // en dash
  replace_all(s, "\xE2\x80\x94", "-");  // em dash
  replace_all(s, " to ", "-");
  replace_all(s, "new entrants", "ne");
  replace_all(s, "new entrant", "ne");
  replace_all(s, " - ", "-");
  for (char& c : s)
    if (c == ',' || c == ';' || c == '/' || c == '&' || c == '+') c = ' ';
  std::set<int> numbers;
  std::set<std::string> labels;
  std::string word;
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n') {
      word += c;
      continue;
    }
    if (word.empty()) continue;
    std::string w = std::exchange(word, {});
    if (w == "and" || w == "year" || w == "years" || w == "yr" || w == "yrs" || w == "y" || w == "level" || w == "levels")
      continue;
    for (std::string_view prefix : {"years", "year", "yrs", "yr", "y"})
      if (w.size() > prefix.size() && w.starts_with(prefix) && (std::isdigit(static_cast<unsigned char>(w[prefix.size()])) != 0)) {
        w.erase(0, prefix.size());
        break;
      }
    const auto dash = w.find('-');
    auto from = catalogue::year_number(std::string_view(w).substr(0, dash));
    auto to = dash == std::string::npos ? from : catalogue::year_number(std::string_view(w).substr(dash + 1));
    if (!from || !to || *to < *from) {
      if (out.bad.empty()) out.bad = w;
      continue;
    }
    for (int n = *from; n <= *to; ++n) numbers.insert(n);
    const std::string label = catalogue::year_label(*from, *to);
    if (labels.insert(label).second) out.shown.push_back(label);
  }
  out.numbers.assign(numbers.begin(), numbers.end());
  return out;
}

std::vector<int> year_numbers(const std::vector<std::string>& shown) {
  std::string all;
  for (const auto& s : shown) all += s + " ";
  return read_years(all).numbers;
}

std::string join_names(const std::vector<std::string>& names, std::string_view and_word) {
  return core::join_list(names, ", ", " " + std::string(and_word) + " ");
}

}  // namespace commonsbot::collab
