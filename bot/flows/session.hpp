// Session: where one person is in one flow, in one conversation. Stored in the "sessions"
// collection, so a restart resumes it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace commonsbot::flows {

struct session {
  std::string flow;
  std::string step;                 // the step waiting for an answer
  nlohmann::json vars = nlohmann::json::object();  // answers so far: name -> text or list
  std::vector<std::string> history; // earlier asking steps, for "back"
  long long started_ms = 0;
  long long updated_ms = 0;

  bool operator==(const session&) const = default;
};

void to_json(nlohmann::json& j, const session& s);
void from_json(const nlohmann::json& j, session& s);

}  // namespace commonsbot::flows
