// A planning meeting the bot nudges people before: a syndicate, department or staff meeting
// with its group, attendees and recurrence. Stored in the "meetings" collection under
// "<tenant>/<id>"; added in chat (/library meetings add), from the config, or imported from
// an iCalendar feed (then `source` is the feed and re-imports replace it).
#pragma once

#include "meetings/nudge_rule.hpp"
#include "schedule/recurrence.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::meetings {

inline constexpr std::string_view collection = "meetings";

// What the meeting plans for; picks the plans, resources and starters a nudge carries.
struct group {
  std::vector<std::string> learning_areas;  // learning area ids (templates/content/learning_areas.json)
  std::vector<std::string> year_levels;     // as people type them: "5", "5-6", "NE"
  std::string team;                         // free words: "Senior syndicate"
  bool operator==(const group&) const = default;
};

struct meeting {
  std::string id;        // "m3" when added in chat or config; "ics-<uid hash>" when imported
  std::string tenant;
  std::string name;      // "Years 5-6 syndicate"
  std::string kind = "syndicate";  // syndicate | department | staff | other: picks starters
  group plans_for;
  std::vector<std::string> attendees;  // person keys ("platform:user"); empty: the tenant's library staff
  schedule::recurrence when;           // zone, wall time and cadence (or an imported dates list)
  bool school_terms_only = true;       // apply the tenant's school calendar (terms, holidays)
  int duration_minutes = 60;
  std::vector<nudge_rule> nudges;      // empty: the tenant's rules (config), else default_nudge_rule()
  std::string location;                // a room or a link
  std::string source = "chat";         // chat | config | the calendar's URL or path
  std::string created_by;              // person key, empty for config and imports
  long long created_ms = 0;
  bool operator==(const meeting&) const = default;

  std::string key() const;  // "<tenant>/<id>"
};

// What is wrong with a meeting, in words for whoever set it up; empty when usable.
std::vector<std::string> check(const meeting& m);

void to_json(nlohmann::json& j, const group& g);
void from_json(const nlohmann::json& j, group& g);
void to_json(nlohmann::json& j, const meeting& m);
void from_json(const nlohmann::json& j, meeting& m);

}  // namespace commonsbot::meetings
