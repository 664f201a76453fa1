#include "collab/plan_dates.hpp"

#include "core/text.hpp"

#include <vector>

namespace commonsbot::collab {
namespace {

bool valid(int y, int m, int d) { return y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m); }

day_number make_day(int y, int m, int d) { return y * 10000 + m * 100 + d; }

// Days since 1970-01-01, for "how far apart".
long long serial(day_number n) { return days_from_civil({n / 10000, n / 100 % 100, n % 100}); }

// "3", "3rd", "21st" -> the day; nullopt otherwise.
std::optional<int> day_word(std::string_view w) {
  if (w.size() > 2) {
    const auto suffix = w.substr(w.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") w.remove_suffix(2);
  }
  if (w.empty() || w.size() > 2) return std::nullopt;
  return digits_number(w);
}

// "mar", "march", "sept" -> 1..12; 0 otherwise.
int month_word(std::string_view w) {
  if (w == "sept") return 9;
  for (std::size_t i = 0; i < month_names.size(); ++i)
    if (w == month_names[i] || (w.size() == 3 && month_names[i].substr(0, 3) == w)) return static_cast<int>(i) + 1;
  return 0;
}

// Words around a date that change nothing: weekdays ("Mon 3 March"), "the 3rd of March".
bool filler_word(std::string_view w) {
  for (std::string_view f : {"the", "of", "on", "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu",
                             "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"})
    if (w == f) return true;
  return false;
}

std::optional<day_number> read_iso(std::string_view s) {
  const auto a = s.find('-');
  const auto b = a == std::string_view::npos ? a : s.find('-', a + 1);
  if (a != 4 || b == std::string_view::npos || s.find('-', b + 1) != std::string_view::npos) return std::nullopt;
  const auto y = digits_number(s.substr(0, a));
  const auto m = digits_number(s.substr(a + 1, b - a - 1));
  const auto d = digits_number(s.substr(b + 1));
  if (!y || !m || !d || b - a - 1 > 2 || s.size() - b - 1 > 2 || !valid(*y, *m, *d)) return std::nullopt;
  return make_day(*y, *m, *d);
}

}  // namespace

day_number day_of(long long epoch_ms) {
  const civil_date d = civil_from_days(day_of_ms(epoch_ms));
  return make_day(d.year, d.month, d.day);
}

std::string iso_date(day_number d) { return iso({d / 10000, d / 100 % 100, d % 100}); }

std::optional<day_number> read_date(std::string_view text, day_number today, day_number not_before) {
  std::string s = core::to_lower_ascii(core::trim(text));
  if (auto iso = read_iso(s)) return iso;
  for (char& c : s)
    if (c == ',' || c == '.') c = ' ';
  std::vector<std::string> words;
  std::string word;
  for (char c : s + " ") {
    if (c == ' ' || c == '\t') {
      if (!word.empty() && !filler_word(word)) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (words.size() < 2 || words.size() > 3) return std::nullopt;
  int month = month_word(words[0]);
  std::optional<int> day = month ? day_word(words[1]) : day_word(words[0]);
  if (!month) month = month_word(words[1]);
  if (!month || !day) return std::nullopt;
  if (words.size() == 3) {
    auto year = words[2].size() == 4 ? digits_number(words[2]) : std::nullopt;
    if (!year || !valid(*year, month, *day)) return std::nullopt;
    return make_day(*year, month, *day);
  }
  // No year: the first that puts it on or after `not_before`; with nothing to go by, this
  // year's unless that was more than about three months ago, when next year's is surely meant.
  // (29 February moves on to the next leap year.)
  const int base = (not_before ? not_before : today) / 10000;
  for (int y = base; y <= base + 4; ++y) {
    if (!valid(y, month, *day)) continue;
    const day_number candidate = make_day(y, month, *day);
    if (not_before ? candidate >= not_before : serial(today) - serial(candidate) <= 92) return candidate;
  }
  return std::nullopt;
}

long long days_between(day_number a, day_number b) { return serial(b) - serial(a); }

std::string show_date(std::string_view iso) {
  auto d = read_iso(iso);
  if (!d) return std::string(iso);
  std::string month(month_names[static_cast<std::size_t>(*d / 100 % 100 - 1)]);
  month[0] = static_cast<char>(month[0] - 'a' + 'A');
  return std::to_string(*d % 100) + " " + month + " " + std::to_string(*d / 10000);
}

}  // namespace commonsbot::collab
