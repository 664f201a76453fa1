#include "collab/working_days.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <array>

namespace commonsbot::collab::people {
namespace {

constexpr std::array<std::string_view, 7> short_names = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> long_names = {"monday", "tuesday", "wednesday", "thursday",
                                                        "friday", "saturday", "sunday"};

// 1..7 for "mo", "mon", "Monday", "tues", "thurs" ...; 0 otherwise.
int iso_weekday_of(std::string_view word) {
  if (word.size() < 2) return 0;
  for (std::size_t i = 0; i < long_names.size(); ++i)
    if (long_names[i].starts_with(word)) return static_cast<int>(i) + 1;  // two letters are already unique
  return 0;
}

// Splits on commas, spaces and "and", keeping '-' ranges together ("mon-fri", "mon - fri").
std::vector<std::string> pieces_of(std::string text) {
  std::string spaced;
  for (char c : text) {
    if (c == '-') spaced += " - ";
    else if (c == ',' || c == ';' || c == '/' || c == '&') spaced += ' ';
    else spaced += c;
  }
  std::vector<std::string> words;
  std::string cur;
  for (char c : spaced + " ") {
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  std::vector<std::string> out;
  for (auto& w : words) {
    if (w == "and") continue;
    out.push_back(w == "to" ? "-" : w);
  }
  return out;
}

}  // namespace

std::optional<std::vector<int>> parse_working_days(std::string_view text) {
  const std::string lower = core::to_lower_ascii(core::trim(text));
  if (lower == "weekdays" || lower == "week days") return std::vector<int>{1, 2, 3, 4, 5};
  if (lower == "every day" || lower == "everyday" || lower == "all week") return std::vector<int>{1, 2, 3, 4, 5, 6, 7};
  const auto words = pieces_of(lower);
  if (words.empty()) return std::nullopt;
  std::vector<int> days;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const int d = iso_weekday_of(words[i]);
    if (!d) return std::nullopt;
    if (i + 2 < words.size() && words[i + 1] == "-") {
      const int to = iso_weekday_of(words[i + 2]);
      if (!to) return std::nullopt;
      // "Fri-Mon" wraps through the weekend, as people mean it.
      for (int k = d;; k = k % 7 + 1) {
        days.push_back(k);
        if (k == to) break;
      }
      i += 2;
    } else {
      days.push_back(d);
    }
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

std::string working_days_text(const std::vector<int>& days_in) {
  std::vector<int> days = days_in.empty() ? std::vector<int>{1, 2, 3, 4, 5} : days_in;
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::string out;
  for (std::size_t i = 0; i < days.size();) {
    std::size_t j = i;
    while (j + 1 < days.size() && days[j + 1] == days[j] + 1) ++j;
    if (days[i] < 1 || days[i] > 7) {
      ++i;
      continue;
    }
    if (!out.empty()) out += ", ";
    out += short_names[days[i] - 1];
    // Three or more in a row read best as a range; two stay a list ("Mon, Tue").
    if (j >= i + 2) out += "-" + std::string(short_names[days[j] - 1]);
    else if (j == i + 1) out += ", " + std::string(short_names[days[j] - 1]);
    i = j + 1;
  }
  return out;
}

}  // namespace commonsbot::collab::people
