#include "nudges/meeting_input.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace commonsbot::nudges {
namespace {

// English names (any prefix of three letters or more, plus the usual short forms) and the
// Māori day names, with and without macrons.
struct day_name {
  std::string_view name;
  int day;
};
constexpr std::array<day_name, 7> english{{{"monday", 1}, {"tuesday", 2}, {"wednesday", 3}, {"thursday", 4},
                                           {"friday", 5}, {"saturday", 6}, {"sunday", 7}}};
constexpr std::array<day_name, 10> short_forms{{{"tues", 2}, {"tue", 2}, {"tu", 2}, {"weds", 3}, {"wed", 3},
                                                {"thur", 4}, {"thurs", 4}, {"thu", 4}, {"th", 4}, {"fri", 5}}};
constexpr std::array<day_name, 14> maori{{{"rāhina", 1}, {"rahina", 1}, {"rātū", 2}, {"ratu", 2}, {"rāapa", 3},
                                          {"raapa", 3}, {"rāpare", 4}, {"rapare", 4}, {"rāmere", 5}, {"ramere", 5},
                                          {"rāhoroi", 6}, {"rahoroi", 6}, {"rātapu", 7}, {"ratapu", 7}}};

std::optional<int> day_of(std::string word) {
  if (word.size() > 3 && word.back() == 's' && word != "tues" && word != "weds" && word != "thurs") word.pop_back();
  for (const auto& d : short_forms)
    if (word == d.name) return d.day;
  for (const auto& d : maori)
    if (word == d.name) return d.day;
  if (word.size() >= 3)
    for (const auto& d : english)
      if (d.name.starts_with(word)) return d.day;
  return std::nullopt;
}

// Words of `text`: split on anything that isn't a letter (bytes above 127 count as letters,
// so macrons stay inside words).
std::vector<std::string> letter_words(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : core::to_lower_ascii(text)) {
    if (std::isalpha(c) || c >= 0x80) {
      cur += static_cast<char>(c);
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

int to_int(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

weekdays_answer parse_weekdays(std::string_view text) {
  weekdays_answer out;
  for (const auto& w : letter_words(text)) {
    if (w == "and" || w == "every" || w == "on" || w == "each" || w == "the" || w == "at") continue;
    if (w == "weekday" || w == "weekdays") {
      for (int d = 1; d <= 5; ++d) out.days.push_back(d);
      continue;
    }
    if (auto d = day_of(w)) {
      out.days.push_back(*d);
    } else if (out.bad.empty()) {
      out.bad = w;
    }
  }
  std::sort(out.days.begin(), out.days.end());
  out.days.erase(std::unique(out.days.begin(), out.days.end()), out.days.end());
  return out;
}

std::optional<clock_time> parse_clock_time(std::string_view typed) {
  std::string t;
  for (unsigned char c : core::to_lower_ascii(core::trim(typed)))
    if (c != ' ' && c != '\t') t += static_cast<char>(c);
  while (!t.empty() && t.back() == '.') t.pop_back();  // "8 a.m."
  if (t == "noon" || t == "midday") return clock_time{12, 0};
  if (t == "midnight") return clock_time{0, 0};
  int half = 0;  // 1: am, 2: pm
  for (std::string_view suffix : {"a.m", "am", "p.m", "pm"})
    if (t.size() > suffix.size() && t.ends_with(suffix)) {
      half = suffix.front() == 'a' ? 1 : 2;
      t.erase(t.size() - suffix.size());
      break;
    }
  std::string hours = t, minutes = "0";
  if (auto sep = t.find_first_of(":."); sep != std::string::npos) {
    hours = t.substr(0, sep);
    minutes = t.substr(sep + 1);
    if (minutes.size() != 2) return std::nullopt;
  }
  if (!all_digits(hours) || hours.size() > 2 || !all_digits(minutes)) return std::nullopt;
  int h = to_int(hours);
  const int m = to_int(minutes);
  if (m > 59) return std::nullopt;
  if (half) {
    if (h < 1 || h > 12) return std::nullopt;
    if (half == 1 && h == 12) h = 0;
    if (half == 2 && h != 12) h += 12;
  } else if (h > 23 || t.find_first_of(":.") == std::string::npos) {
    return std::nullopt;  // a bare "8" could be morning or evening: ask for am/pm or 08:00
  }
  return clock_time{h, m};
}

std::string show_clock_time(int hour, int minute) {
  const int h12 = hour % 12 == 0 ? 12 : hour % 12;
  std::string out = std::to_string(h12);
  if (minute) out += (minute < 10 ? ":0" : ":") + std::to_string(minute);
  return out + (hour < 12 ? "am" : "pm");
}

std::optional<bool> parse_yes_no(std::string_view text) {
  const std::string w = core::to_lower_ascii(core::trim(text));
  for (std::string_view y : {"yes", "y", "yep", "yeah", "ae", "āe", "ok", "sure"})
    if (w == y) return true;
  for (std::string_view n : {"no", "n", "nope", "kāo", "kao"})
    if (w == n) return false;
  return std::nullopt;
}

}  // namespace commonsbot::nudges
