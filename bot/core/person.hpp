// A person the bot knows: resolved from a platform identity, owned by one tenant.
#pragma once

#include "core/conversation_ref.hpp"
#include "core/role.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace commonsbot::core {

// How and when someone wants nudges (/library nudges, pause, quiet, profile).
struct nudge_preferences {
  bool off = false;              // opted out of meeting and reflect nudges
  std::string paused_until;      // "YYYY-MM-DD", inclusive; empty: not paused
  std::string quiet_from;        // "HH:MM" local; both empty: no quiet hours;
  std::string quiet_to;          //   from > to wraps past midnight (21:00-07:00)
  std::vector<int> working_days;  // ISO 1 = Monday ... 7 = Sunday; empty: Monday to Friday
  bool operator==(const nudge_preferences&) const = default;
};

struct person {
  std::string tenant;
  std::string platform;
  std::string user_id;       // the platform's id for this person
  std::string display_name;
  core::role role = core::role::teacher;  // unknown people start as teachers
  std::string time_zone;     // IANA name, e.g. "Pacific/Auckland"; empty if unknown
  std::string locale;        // e.g. "en-NZ"; empty for the deployment's default
  std::vector<std::string> learning_areas;
  std::vector<std::string> year_levels;
  std::vector<std::string> interests;  // free words ("te reo", "robotics"), for suggestions and digests
  conversation_ref direct;   // how to DM them later
  nudge_preferences nudges;

  // The store key: unique within the tenant.
  std::string key() const { return platform + ":" + user_id; }
};

void to_json(nlohmann::json& j, const nudge_preferences& p);
void from_json(const nlohmann::json& j, nudge_preferences& p);
void to_json(nlohmann::json& j, const person& p);
void from_json(const nlohmann::json& j, person& p);

}  // namespace commonsbot::core
