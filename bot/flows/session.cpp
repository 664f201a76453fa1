#include "flows/session.hpp"

namespace commonsbot::flows {

void to_json(nlohmann::json& j, const session& s) {
  j = {{"flow", s.flow}, {"step", s.step}, {"vars", s.vars}, {"history", s.history},
       {"started_ms", s.started_ms}, {"updated_ms", s.updated_ms}};
}

void from_json(const nlohmann::json& j, session& s) {
  s.flow = j.value("flow", "");
  s.step = j.value("step", "");
  s.vars = j.value("vars", nlohmann::json::object());
  s.history = j.value("history", std::vector<std::string>{});
  s.started_ms = j.value("started_ms", 0LL);
  s.updated_ms = j.value("updated_ms", 0LL);
}

}  // namespace commonsbot::flows
