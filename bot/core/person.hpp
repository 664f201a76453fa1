// A person the bot knows: resolved from a platform identity, owned by one tenant.
#pragma once

#include "core/conversation_ref.hpp"
#include "core/role.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace commonsbot::core {

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

  // The store key: unique within the tenant.
  std::string key() const { return platform + ":" + user_id; }
};

void to_json(nlohmann::json& j, const person& p);
void from_json(const nlohmann::json& j, person& p);

}  // namespace commonsbot::core
