#include "collab/report_dates.hpp"

#include "core/lists.hpp"
#include "core/text.hpp"

#include <vector>

namespace commonsbot::collab {
namespace {

// NZ daylight time: from 02:00 NZST on the last Sunday of September to 03:00 NZDT on the
// first Sunday of April (the rule since 2007). Both moments are 14:00 UTC the day before.
bool nz_daylight(long long epoch_ms, int utc_year) {
  long long april1 = days_from_civil({utc_year, 4, 1});
  while (weekday(april1) != 0) ++april1;
  long long sept30 = days_from_civil({utc_year, 9, 30});
  while (weekday(sept30) != 0) --sept30;
  const long long ends = (april1 - 1) * ms_per_day + 14LL * 3'600'000;
  const long long starts = (sept30 - 1) * ms_per_day + 14LL * 3'600'000;
  return epoch_ms < ends || epoch_ms >= starts;
}

int year_of(std::string_view date) { return date.size() >= 4 ? digits_number(date.substr(0, 4)).value_or(0) : 1970; }

std::optional<int> term_number(std::string_view w) {
  if (w.size() == 2 && (w[0] == 't') && w[1] >= '1' && w[1] <= '4') return w[1] - '0';
  if (w.size() == 1 && w[0] >= '1' && w[0] <= '4') return w[0] - '0';
  return std::nullopt;
}

std::optional<int> year_number(std::string_view w) {
  const auto y = w.size() == 4 ? digits_number(w) : std::nullopt;
  return y && *y >= 2000 && *y <= 2100 ? y : std::nullopt;
}

}  // namespace

std::string nz_date(long long epoch_ms) {
  const int utc_year = civil_from_days(day_of_ms(epoch_ms)).year;
  const long long offset = (nz_daylight(epoch_ms, utc_year) ? 13 : 12) * 3'600'000LL;
  return iso(civil_from_days(day_of_ms(epoch_ms + offset)));
}

std::optional<std::string> parse_date(std::string_view text) {
  const std::string t = core::trim(text);
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  const auto y = digits_number(std::string_view(t).substr(0, 4));
  const auto m = digits_number(std::string_view(t).substr(5, 2));
  const auto d = digits_number(std::string_view(t).substr(8, 2));
  if (!y || !m || !d || *y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) return std::nullopt;
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
  const auto words = core::split_list(core::to_lower_ascii(text), " ,\t");
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
