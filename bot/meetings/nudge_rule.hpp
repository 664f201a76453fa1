// When a nudge goes out before a meeting, and to whom: "the day before at 15:00" or
// "2 hours before", to the library staff attending and, where configured, the teachers.
// Written in config and chat as "1d@15:00" (N days before, at that local time) or "2h" /
// "90m" (that long before, on the meeting's wall clock).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::meetings {

struct nudge_rule {
  enum class timing { days_before_at, before };
  timing when = timing::days_before_at;
  int days = 1;               // days_before_at: how many days before (0 = the same day)
  int hour = 15, minute = 0;  // days_before_at: the local time
  int minutes = 0;            // before: how long before the meeting starts
  bool teachers = false;      // nudge the teachers who attend as well as the library staff
  bool operator==(const nudge_rule&) const = default;
};

// "1d@15:00", "0d@08:00", "2h", "90m", "1h30m"; nullopt for anything else.
std::optional<nudge_rule> parse_nudge_rule(std::string_view text);
std::string to_string(const nudge_rule& r);  // the same shape parse reads

// The built-in rule when neither the meeting's tenant nor the config names one: the day
// before at 15:00, library staff only.
nudge_rule default_nudge_rule();

void to_json(nlohmann::json& j, const nudge_rule& r);   // as its string, plus "teachers"
void from_json(const nlohmann::json& j, nudge_rule& r);

}  // namespace commonsbot::meetings
