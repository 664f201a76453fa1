#include "nudges/preferences.hpp"

#include "core/lists.hpp"
#include "core/text.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace commonsbot::nudges {
namespace {

constexpr std::array<std::string_view, 12> months = {"january", "february", "march",     "april",   "may",      "june",
                                                     "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> weekdays = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                      "Friday", "Saturday", "Sunday"};

std::optional<int> number(std::string_view w) {
  // "1st", "2nd", "23rd" as well as "1".
  std::size_t i = 0;
  int n = 0;
  while (i < w.size() && std::isdigit(static_cast<unsigned char>(w[i])) && i < 4) n = n * 10 + (w[i++] - '0');
  if (i == 0) return std::nullopt;
  const std::string_view rest = w.substr(i);
  if (!rest.empty() && rest != "st" && rest != "nd" && rest != "rd" && rest != "th") return std::nullopt;
  return n;
}

unsigned month_of(std::string_view w) {
  if (w.size() < 3) return 0;
  for (std::size_t i = 0; i < months.size(); ++i)
    if (months[i].starts_with(w)) return static_cast<unsigned>(i + 1);
  if (w == "sept") return 9;
  return 0;
}

bool real(schedule::civil_date d) {
  return schedule::civil_from_days(schedule::days_from_civil(d)) == d && d.month >= 1 && d.month <= 12 && d.day >= 1;
}

// "21", "21:00", "9pm", "9.30pm", "7am", "0700" -> minutes after midnight.
std::optional<int> minutes_of(std::string w) {
  bool pm = false, am = false;
  if (w.ends_with("pm")) pm = true;
  if (w.ends_with("am")) am = true;
  if (pm || am) w = core::trim(w.substr(0, w.size() - 2));
  int h = 0, m = 0;
  std::size_t sep = w.find_first_of(":.");
  std::string hs = sep == std::string::npos ? w : w.substr(0, sep);
  std::string ms = sep == std::string::npos ? "" : w.substr(sep + 1);
  if (sep == std::string::npos && w.size() == 4 && !pm && !am) {
    hs = w.substr(0, 2);
    ms = w.substr(2);
  }
  if (hs.empty() || hs.size() > 2) return std::nullopt;
  for (char c : hs + ms)
    if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  if (!ms.empty() && ms.size() != 2) return std::nullopt;
  h = std::stoi(hs);
  m = ms.empty() ? 0 : std::stoi(ms);
  if (m > 59) return std::nullopt;
  if (pm || am) {
    if (h < 1 || h > 12) return std::nullopt;
    h = h % 12 + (pm ? 12 : 0);
  } else if (h > 23 && !(h == 24 && m == 0)) {
    return std::nullopt;
  }
  return (h % 24) * 60 + m;
}

std::string hh_mm(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

}  // namespace

std::optional<schedule::civil_date> parse_pause(std::string_view text, schedule::civil_date today) {
  auto words = core::split_list(core::to_lower_ascii(core::trim(text)), " ,\t");
  if (!words.empty() && (words.front() == "until" || words.front() == "till" || words.front() == "til" ||
                         words.front() == "to" || words.front() == "for"))
    words.erase(words.begin());
  if (words.empty()) return std::nullopt;
  const long long t = schedule::days_from_civil(today);
  std::optional<schedule::civil_date> d;
  if (words.size() == 1 && words[0] == "tomorrow") {
    d = schedule::civil_from_days(t + 1);
  } else if (words.size() == 1) {
    d = schedule::parse_date(words[0]);
  } else if (words.size() == 2 && number(words[0]) && !month_of(words[1])) {
    // "2 weeks", "10 days": paused through the day before that many have passed.
    const int n = *number(words[0]);
    const std::string& unit = words[1];
    long long span = 0;
    if (unit == "day" || unit == "days") span = n;
    else if (unit == "week" || unit == "weeks" || unit == "wk" || unit == "wks") span = 7LL * n;
    else return std::nullopt;
    if (n < 1 || n > 365) return std::nullopt;
    d = schedule::civil_from_days(t + span - 1);
  } else if (words.size() == 2 || words.size() == 3) {
    // "1 May", "May 1", either with a year after it.
    std::optional<int> day;
    unsigned month = 0;
    if (number(words[0]) && month_of(words[1])) {
      day = number(words[0]);
      month = month_of(words[1]);
    } else if (month_of(words[0]) && number(words[1])) {
      day = number(words[1]);
      month = month_of(words[0]);
    }
    if (!day || !month) return std::nullopt;
    schedule::civil_date c{today.year, month, static_cast<unsigned>(*day)};
    if (words.size() == 3) {
      auto y = number(words[2]);
      if (!y || *y < 2000 || *y > 2200) return std::nullopt;
      c.year = *y;
    } else if (c < today) {
      c.year += 1;  // "1 March" in April means next year's
    }
    d = c;
  }
  if (!d || !real(*d) || *d < today) return std::nullopt;
  return d;
}

std::optional<quiet_hours> parse_quiet(std::string_view text) {
  std::string s = core::to_lower_ascii(core::trim(text));
  std::string spaced;
  for (char c : s) spaced += c == '-' ? std::string(" - ") : std::string(1, c);
  auto words = core::split_list(spaced, " ,\t");
  // Join "9" "pm" back together.
  std::vector<std::string> joined;
  for (auto& w : words) {
    if ((w == "am" || w == "pm") && !joined.empty()) joined.back() += w;
    else if (w == "to" || w == "until") joined.push_back("-");
    else joined.push_back(w);
  }
  if (!joined.empty() && (joined.front() == "from" || joined.front() == "hours")) joined.erase(joined.begin());
  if (joined.size() != 3 || joined[1] != "-") return std::nullopt;
  auto from = minutes_of(joined[0]);
  auto to = minutes_of(joined[2]);
  if (!from || !to || *from == *to) return std::nullopt;
  return quiet_hours{hh_mm(*from), hh_mm(*to)};
}

std::string friendly_time(std::string_view text) {
  auto m = minutes_of(std::string(text));
  if (!m || text.size() != 5) return std::string(text);
  const int h = *m / 60, min = *m % 60;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d:%02d%s", h % 12 == 0 ? 12 : h % 12, min, h < 12 ? "am" : "pm");
  return buf;
}

std::string friendly_date(schedule::civil_date d) {
  std::string month(months[(d.month - 1) % 12]);
  month[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(month[0])));
  return std::string(weekdays[(schedule::iso_weekday(d) + 6) % 7]) + " " + std::to_string(d.day) + " " + month + " " +
         std::to_string(d.year);
}

}  // namespace commonsbot::nudges
