// A scheduled job: what runs (kind + payload, read by the fire handler), when (recurrence),
// and how far it has got (last fire id, next due). Stored in the "schedule" collection
// under "<tenant>/<job id>"; the progress fields change only in the same transaction as the
// fire's effects, which is what makes a restart resume without sending anything twice.
#pragma once

#include "schedule/recurrence.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace commonsbot::schedule {

inline constexpr std::string_view collection = "schedule";

struct job {
  std::string id;      // unique within the tenant; no '/' (keys) or '@' (fire ids)
  std::string tenant;
  std::string kind;    // what the fire handler does, e.g. "nudge", "message"
  recurrence rule;
  nlohmann::json payload = nlohmann::json::object();
  std::string last_fire_id;   // the last fire committed, "" before the first
  long long next_due_ms = 0;  // UTC ms of the next occurrence; 0 when none is left
  std::string next_local;     // that occurrence's wall time as the rule names it (ISO)

  std::string key() const;
  bool operator==(const job&) const = default;
};

// Problems with a job's identity and rule, in words; empty when it can be scheduled.
std::vector<std::string> check(const job& j);

void to_json(nlohmann::json& j, const job& v);
void from_json(const nlohmann::json& j, job& v);

}  // namespace commonsbot::schedule
