#include "collab/plan_dates.hpp"

#include "core/text.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <vector>

namespace commonsbot::collab {
namespace {

constexpr std::array<std::string_view, 12> month_names{"january", "february", "march",     "april",   "may",      "june",
                                                       "july",    "august",   "september", "october", "november", "december"};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

bool valid(int y, int m, int d) { return y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m); }

day_number make_day(int y, int m, int d) { return y * 10000 + m * 100 + d; }

// Days since 1970-01-01 for a civil date (H. Hinnant's algorithm), for "how far apart".
long long serial(day_number n) {
  int y = n / 10000;
  const int m = n / 100 % 100, d = n % 100;
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<long long>(era) * 146097 + static_cast<long long>(doe) - 719468;
}

std::optional<int> number(std::string_view s) {
  int n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

// "3", "3rd", "21st" -> the day; nullopt otherwise.
std::optional<int> day_word(std::string_view w) {
  if (w.size() > 2) {
    const auto suffix = w.substr(w.size() - 2);
    if (suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th") w.remove_suffix(2);
  }
  if (w.empty() || w.size() > 2) return std::nullopt;
  return number(w);
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
  auto y = number(s.substr(0, a)), m = number(s.substr(a + 1, b - a - 1)), d = number(s.substr(b + 1));
  if (!y || !m || !d || b - a - 1 > 2 || s.size() - b - 1 > 2 || !valid(*y, *m, *d)) return std::nullopt;
  return make_day(*y, *m, *d);
}

}  // namespace

day_number day_of(long long epoch_ms) {
  // Civil from days (H. Hinnant), the inverse of serial().
  long long z = (epoch_ms >= 0 ? epoch_ms : epoch_ms - 86'399'999) / 86'400'000 + 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe) + static_cast<int>(era) * 400 + (m <= 2);
  return make_day(y, m, d);
}

std::string iso_date(day_number d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
  return buf;
}

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
    auto year = words[2].size() == 4 ? number(words[2]) : std::nullopt;
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
