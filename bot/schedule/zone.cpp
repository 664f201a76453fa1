#include "schedule/zone.hpp"

#include <date/tz.h>

#include <chrono>
#include <stdexcept>

namespace commonsbot::schedule {

std::optional<zone> zone::find(std::string_view iana_name) {
  try {
    return zone(date::locate_zone(iana_name));
  } catch (const std::runtime_error&) {  // unknown names throw; so does a missing zoneinfo
    return std::nullopt;
  }
}

const std::string& zone::name() const { return tz_->name(); }

long long zone::to_utc_ms(const local_time& t) const {
  const auto day = date::local_days{date::year{t.date.year} / date::month{t.date.month} / date::day{t.date.day}};
  const auto wall = day + std::chrono::hours(t.hour) + std::chrono::minutes(t.minute);
  // choose::earliest: the first of two occurrences; for a time in a gap the library returns
  // the transition itself, which is the first minute that exists after it.
  const auto sys = tz_->to_sys(wall, date::choose::earliest);
  return std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
}

local_time zone::to_local(long long utc_ms) const {
  const date::sys_time<std::chrono::milliseconds> sys{std::chrono::milliseconds(utc_ms)};
  const auto wall = date::floor<std::chrono::minutes>(tz_->to_local(sys));
  const auto day = date::floor<date::days>(wall);
  const date::year_month_day ymd{day};
  const auto minutes = (wall - day).count();
  local_time t;
  t.date = {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
  t.hour = static_cast<int>(minutes / 60);
  t.minute = static_cast<int>(minutes % 60);
  return t;
}

std::string today_in(std::string_view iana_name, long long utc_ms) {
  const auto z = zone::find(iana_name);
  return z ? to_iso(z->to_local(utc_ms).date) : std::string();
}

}  // namespace commonsbot::schedule
