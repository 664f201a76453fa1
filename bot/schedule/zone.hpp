// An IANA time zone from the system's zoneinfo (Debian's tzdata, read by Howard Hinnant's
// date/tz library), and the two conversions the scheduler needs. GCC 12's libstdc++ has no
// std::chrono::zoned_time, and the rules must follow tzdata updates without a rebuild.
#pragma once

#include "schedule/civil_time.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace date {
class time_zone;
}

namespace commonsbot::schedule {

class zone {
 public:
  // nullopt for a name the zoneinfo does not know ("Pacific/Auckland" yes, "NZST" no).
  static std::optional<zone> find(std::string_view iana_name);

  const std::string& name() const;

  // The UTC instant (ms since the epoch) of wall time `t` in this zone. A time that does not
  // exist (skipped when clocks spring forward) moves to the first valid minute after the
  // gap, 02:30 -> 03:00; a time that occurs twice (clocks fall back) is its first occurrence.
  long long to_utc_ms(const local_time& t) const;

  // The wall time in this zone at a UTC instant, to the minute (seconds dropped).
  local_time to_local(long long utc_ms) const;

 private:
  explicit zone(const date::time_zone* tz) : tz_(tz) {}
  const date::time_zone* tz_;  // owned by the process-wide tz database, never freed
};

// Today's date ("YYYY-MM-DD") in the zone named `iana_name` at `utc_ms`; empty for a zone
// the zoneinfo does not know.
std::string today_in(std::string_view iana_name, long long utc_ms);

}  // namespace commonsbot::schedule
