// A unit plan shared by a teacher and the library: what the planning flow creates, both
// partners tick, reflections close and reports count. Stored in the "plans" collection under
// "<tenant>/<id>".
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

inline constexpr std::string_view plans_collection = "plans";

// One step of the "planning for success" checklist (ids and words in templates/content).
struct plan_item {
  std::string id;
  bool ticked = false;
  std::string ticked_by;  // person key ("platform:user") of whoever ticked it
  long long ticked_ms = 0;
  bool operator==(const plan_item&) const = default;
};

struct reflection {
  std::string worked;        // what worked
  std::string evidence;      // evidence of student learning (links or a summary)
  std::string change;        // what to change next time
  bool share = false;        // the partners are happy for it to be shared
  std::string by;            // person key
  long long at_ms = 0;
  bool operator==(const reflection&) const = default;
};

enum class plan_status { open, completed, reflected };

struct plan {
  std::string id;            // short and typeable: "p7"
  std::string tenant;
  std::string title;
  std::vector<std::string> learning_areas;
  std::vector<std::string> year_levels;  // as typed: "5", "5-6", "NE"
  std::string owner;                      // person key of whoever started it
  std::vector<std::string> partners;      // person keys, the owner included
  std::string starts;                     // "YYYY-MM-DD" or empty
  std::string ends;
  std::string outcomes;                   // the learning outcomes, in the partners' words
  std::string support;                    // continuum level id (templates/content/continuum.json)
  std::string model;                      // teaching model id, or empty
  std::string activities;
  std::string assessment;
  std::vector<plan_item> checklist;
  plan_status status = plan_status::open;
  std::vector<reflection> reflections;
  bool shared = false;                    // posted to the staff channel
  long long created_ms = 0;
  long long updated_ms = 0;

  // The store key: "<tenant>/<id>".
  std::string key() const;
  bool has_partner(std::string_view person_key) const;
  std::size_t ticked_count() const;
  bool operator==(const plan&) const = default;
};

std::string_view to_string(plan_status s);
void to_json(nlohmann::json& j, const plan_item& i);
void from_json(const nlohmann::json& j, plan_item& i);
void to_json(nlohmann::json& j, const reflection& r);
void from_json(const nlohmann::json& j, reflection& r);
void to_json(nlohmann::json& j, const plan& p);
void from_json(const nlohmann::json& j, plan& p);

}  // namespace commonsbot::collab
