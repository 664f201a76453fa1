#include "collab/report_dates.hpp"

#include "core/text.hpp"

#include <charconv>
#include <cstdio>
#include <vector>

namespace commonsbot::collab {
namespace {

constexpr long long ms_per_day = 86'400'000;

int to_int(std::string_view s, bool& ok) {
  int n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  ok = ec == std::errc() && p == s.data() + s.size() && !s.empty();
  return n;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(int y, unsigned m) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : days[m - 1];
}

// 0 = Sunday.
unsigned weekday(long long days) { return static_cast<unsigned>(((days % 7) + 11) % 7); }

// NZ daylight time: from 02:00 NZST on the last Sunday of September to 03:00 NZDT on the
// first Sunday of April (the rule since 2007). Both moments are 14:00 UTC the day before.
bool nz_daylight(long long epoch_ms, int utc_year) {
  long long april1 = days_from_civil(utc_year, 4, 1);
  while (weekday(april1) != 0) ++april1;
  long long sept30 = days_from_civil(utc_year, 9, 30);
  while (weekday(sept30) != 0) --sept30;
  const long long ends = (april1 - 1) * ms_per_day + 14LL * 3'600'000;
  const long long starts = (sept30 - 1) * ms_per_day + 14LL * 3'600'000;
  return epoch_ms < ends || epoch_ms >= starts;
}

int year_of(std::string_view date) {
  bool ok = false;
  return date.size() >= 4 ? to_int(date.substr(0, 4), ok) : 1970;
}

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string w;
  for (char c : core::to_lower_ascii(text) + " ") {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  return out;
}

std::optional<int> term_number(std::string_view w) {
  if (w.size() == 2 && (w[0] == 't') && w[1] >= '1' && w[1] <= '4') return w[1] - '0';
  if (w.size() == 1 && w[0] >= '1' && w[0] <= '4') return w[0] - '0';
  return std::nullopt;
}

std::optional<int> year_number(std::string_view w) {
  bool ok = false;
  const int y = w.size() == 4 ? to_int(w, ok) : 0;
  return ok && y >= 2000 && y <= 2100 ? std::optional<int>(y) : std::nullopt;
}

}  // namespace

// Howard Hinnant's algorithms (public domain): exact for every proleptic Gregorian date.
long long days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::string civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y, m, d);
  return buf;
}

std::string nz_date(long long epoch_ms) {
  const long long utc_days = epoch_ms >= 0 ? epoch_ms / ms_per_day : -((-epoch_ms + ms_per_day - 1) / ms_per_day);
  const int utc_year = year_of(civil_from_days(utc_days));
  const long long offset = (nz_daylight(epoch_ms, utc_year) ? 13 : 12) * 3'600'000LL;
  const long long local = epoch_ms + offset;
  return civil_from_days(local >= 0 ? local / ms_per_day : -((-local + ms_per_day - 1) / ms_per_day));
}

std::optional<std::string> parse_date(std::string_view text) {
  const std::string t = core::trim(text);
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  bool ok_y = false, ok_m = false, ok_d = false;
  const int y = to_int(std::string_view(t).substr(0, 4), ok_y);
  const int m = to_int(std::string_view(t).substr(5, 2), ok_m);
  const int d = to_int(std::string_view(t).substr(8, 2), ok_d);
  if (!ok_y || !ok_m || !ok_d || y < 1900 || m < 1 || m > 12 || d < 1) return std::nullopt;
  if (static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m))) return std::nullopt;
  return t;
}

bool period::overlaps(std::string_view start, std::string_view end) const {
  if (start.empty()) start = end;
  if (end.empty() || end < start) end = start;
  if (start.empty()) return false;
  return start <= to && from <= end;
}

period school_term(int year, int term) {
  const std::string y = std::to_string(year);
  period p;
  switch (term) {
    case 1: p = {y + "-01-01", y + "-04-30", 1, year}; break;
    case 2: p = {y + "-05-01", y + "-07-15", 2, year}; break;
    case 3: p = {y + "-07-16", y + "-09-30", 3, year}; break;
    default: p = {y + "-10-01", y + "-12-31", 4, year}; break;
  }
  return p;
}

period term_of(std::string_view date) {
  const int y = year_of(date);
  for (int t = 1; t <= 4; ++t) {
    period p = school_term(y, t);
    if (p.contains(date)) return p;
  }
  return school_term(y, 4);
}

std::optional<period> parse_period(std::string_view text, std::string_view today, std::string& why) {
  const auto words = words_of(text);
  why.clear();
  if (words.empty()) return term_of(today);
  if (words.size() == 2 && parse_date(words[0]) && parse_date(words[1])) {
    if (words[1] < words[0]) {
      why = "report.dates_backwards";
      return std::nullopt;
    }
    return period{words[0], words[1], 0, 0};
  }
  // "term 2", "t2 2024", "2 2024", "this year", "2024"
  std::size_t i = 0;
  if (words[i] == "term") ++i;
  if (i < words.size()) {
    if (auto t = term_number(words[i])) {
      int y = year_of(today);
      if (i + 1 < words.size()) {
        auto yy = year_number(words[i + 1]);
        if (!yy || i + 2 != words.size()) {
          why = "report.bad_period";
          return std::nullopt;
        }
        y = *yy;
      } else if (i + 1 != words.size()) {
        why = "report.bad_period";
        return std::nullopt;
      }
      return school_term(y, *t);
    }
    if (i == 0 && words.size() == 1) {
      std::optional<int> y = year_number(words[0]);
      if (words[0] == "year") y = year_of(today);
      if (y) return period{std::to_string(*y) + "-01-01", std::to_string(*y) + "-12-31", 0, *y};
    }
  }
  for (const auto& w : words)
    if (w.size() >= 8 && w.find('-') != std::string::npos && !parse_date(w)) {
      why = "report.bad_date";
      return std::nullopt;
    }
  why = "report.bad_period";
  return std::nullopt;
}

}  // namespace commonsbot::collab
