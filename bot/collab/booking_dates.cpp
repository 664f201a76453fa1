#include "collab/booking_dates.hpp"

#include "core/lists.hpp"
#include "core/text.hpp"

#include <array>
#include <cstdio>
#include <vector>

namespace commonsbot::collab::people {
namespace {

bool real(const civil_date& d) {
  return d.year >= 1970 && d.year <= 9999 && d.month >= 1 && d.month <= 12 && d.day >= 1 &&
         d.day <= days_in_month(d.year, d.month);
}

// "march", "mar", "mar." -> 3; 0 if not a month.
int month_number(std::string_view w) {
  if (!w.empty() && w.back() == '.') w.remove_suffix(1);
  if (w.size() < 3) return 0;
  for (std::size_t i = 0; i < month_names.size(); ++i)
    if (month_names[i] == w ||
        (w.size() <= month_names[i].size() && month_names[i].substr(0, w.size()) == w && w.size() >= 3))
      return static_cast<int>(i) + 1;
  return 0;
}

// "friday", "fri" -> 5; -1 if not a weekday.
int weekday_number(std::string_view w) {
  static constexpr std::array<std::string_view, 7> names{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  if (w.size() < 3) return -1;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i].substr(0, w.size()) == w) return static_cast<int>(i);
  if (w == "tues" || w == "thurs") return w == "tues" ? 2 : 4;
  return -1;
}

// "14th" -> 14.
std::optional<int> day_of_month_word(std::string_view w) {
  for (std::string_view suffix : {"st", "nd", "rd", "th"})
    if (w.size() > 2 && w.ends_with(suffix)) {
      w.remove_suffix(2);
      break;
    }
  return digits_number(w);
}

date_answer with_problem(std::string p) { return {std::nullopt, std::move(p)}; }

// Checks a day and month (and maybe year) against today.
date_answer dated(int day, int month, std::optional<int> year, long long today) {
  const civil_date now = civil_from_days(today);
  if (year && *year < 100) *year += 2000;
  civil_date d{year.value_or(now.year), month, day};
  if (month < 1 || month > 12 || day < 1 || day > 31) return with_problem("not_a_date");
  if (!year && month == 2 && day == 29 && !leap_year(d.year)) d.year += 1;  // the next 29 February
  if (!real(d)) return with_problem("no_such_day");
  if (!year && days_from_civil(d) < today) {
    ++d.year;
    if (!real(d)) return with_problem("no_such_day");
  }
  if (days_from_civil(d) < today) return with_problem("past");
  if (days_from_civil(d) - today > max_days_ahead) return with_problem("too_far");
  return {d, ""};
}

std::string two(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}

// "10:30", "10.30", "9", "9am", "1.15pm" -> minutes after midnight.
std::optional<int> clock_time(std::string s) {
  bool am = false, pm = false;
  if (s.ends_with("am") || s.ends_with("pm")) {
    (s.ends_with("am") ? am : pm) = true;
    s = core::trim(s.substr(0, s.size() - 2));
  } else if (s.ends_with("a.m.") || s.ends_with("p.m.")) {
    (s.ends_with("a.m.") ? am : pm) = true;
    s = core::trim(s.substr(0, s.size() - 4));
  }
  const auto sep = s.find_first_of(":.");
  auto h = digits_number(s.substr(0, sep));
  auto m = sep == std::string::npos ? std::optional<int>(0) : digits_number(s.substr(sep + 1));
  if (!h || !m || *m < 0 || *m > 59 || (sep != std::string::npos && s.size() - sep - 1 != 2)) return std::nullopt;
  if (am || pm) {
    if (*h < 1 || *h > 12) return std::nullopt;
    if (pm && *h != 12) *h += 12;
    if (am && *h == 12) *h = 0;
  } else if (sep == std::string::npos) {
    // A bare hour in a school day: 7-12 is the morning, 1-6 the afternoon.
    if (*h >= 1 && *h <= 6) *h += 12;
    else if (*h < 7 || *h > 12) return std::nullopt;
  } else if (*h > 23) {
    return std::nullopt;
  }
  return *h * 60 + *m;
}

std::string clock_text(int minutes) { return two(minutes / 60) + ":" + two(minutes % 60); }

}  // namespace

std::optional<civil_date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = digits_number(text.substr(0, 4));
  auto m = digits_number(text.substr(5, 2));
  auto d = digits_number(text.substr(8, 2));
  if (!y || !m || !d) return std::nullopt;
  civil_date c{*y, *m, *d};
  if (!real(c)) return std::nullopt;
  return c;
}

long long local_day(long long now_ms, int offset_seconds) { return day_of_ms(now_ms + offset_seconds * 1000LL); }

date_answer parse_visit_date(std::string_view typed, long long today) {
  const std::string text = core::to_lower_ascii(core::trim(typed));
  if (text.empty()) return with_problem("not_a_date");
  if (text == "today") return {civil_from_days(today), ""};
  if (text == "tomorrow") return {civil_from_days(today + 1), ""};
  if (text.size() == 10 && text[4] == '-') {
    auto d = parse_iso_date(text);
    if (!d) return with_problem("no_such_day");
    return dated(d->day, d->month, d->year, today);
  }
  auto words = core::split_list(text, " ,\t");
  // "next friday" / "friday" / "this friday".
  bool next = false;
  if (words.size() == 2 && (words[0] == "next" || words[0] == "this")) {
    next = words[0] == "next";
    words.erase(words.begin());
  }
  if (words.size() == 1) {
    if (int wd = weekday_number(words[0]); wd >= 0) {
      long long ahead = (wd - weekday(today) + 7) % 7;
      if (next && ahead == 0) ahead = 7;
      return {civil_from_days(today + ahead), ""};
    }
    // "14/3", "14/03/2025", "14.3.25".
    const std::string& w = words[0];
    const auto a = w.find_first_of("/.");
    if (a == std::string::npos) return with_problem("not_a_date");
    const auto b = w.find_first_of("/.", a + 1);
    auto d = digits_number(w.substr(0, a));
    auto m = digits_number(w.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1));
    std::optional<int> y;
    if (b != std::string::npos) {
      y = digits_number(w.substr(b + 1));
      if (!y) return with_problem("not_a_date");
    }
    if (!d || !m) return with_problem("not_a_date");
    return dated(*d, *m, y, today);
  }
  // "friday 14 march", "14 march 2025", "march 14".
  if (!words.empty() && weekday_number(words[0]) >= 0 && !month_number(words[0])) words.erase(words.begin());
  if (words.size() < 2 || words.size() > 3) return with_problem("not_a_date");
  std::optional<int> day;
  int month = 0;
  if ((month = month_number(words[0]))) day = day_of_month_word(words[1]);
  else if ((month = month_number(words[1]))) day = day_of_month_word(words[0]);
  if (!day || !month) return with_problem("not_a_date");
  std::optional<int> year;
  if (words.size() == 3) {
    year = digits_number(words[2]);
    if (!year) return with_problem("not_a_date");
  }
  return dated(*day, month, year, today);
}

std::optional<std::string> parse_visit_time(std::string_view typed) {
  std::string text = core::to_lower_ascii(core::trim(typed));
  if (text == "lunch" || text == "lunchtime" || text == "lunch time") return "lunchtime";
  if (text == "interval" || text == "morning tea" || text == "morning break") return "morning tea";
  if (text == "before school") return "before school";
  if (text == "after school") return "after school";
  for (std::string_view slot : {"period", "block", "session", "p"}) {
    if (!text.starts_with(slot)) continue;
    auto n = digits_number(core::trim(std::string_view(text).substr(slot.size())));
    if (!n || *n < 1 || *n > 12) return std::nullopt;
    return std::string(slot == "p" ? "period" : slot) + " " + std::to_string(*n);
  }
  // A range: "10:30-11:30", "10.30 to 11.15", "1-2pm".
  std::string from = text, to;
  for (std::string_view sep : {" to ", "-", "\xE2\x80\x93"}) {
    if (auto at = text.find(sep); at != std::string::npos) {
      from = core::trim(text.substr(0, at));
      to = core::trim(text.substr(at + sep.size()));
      break;
    }
  }
  if (!to.empty() && (to.ends_with("pm") || to.ends_with("am")) && !(from.ends_with("am") || from.ends_with("pm")))
    from += to.substr(to.size() - 2);  // "1-2pm": both afternoon
  auto start = clock_time(from);
  if (!start) return std::nullopt;
  if (to.empty()) return clock_text(*start);
  auto end = clock_time(to);
  if (!end || *end <= *start) return std::nullopt;
  return clock_text(*start) + "-" + clock_text(*end);
}

}  // namespace commonsbot::collab::people
