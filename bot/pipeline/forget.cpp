#include "pipeline/forget.hpp"

#include "core/keys.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::pipeline {

std::size_t erase_sessions(flows::action_call& call, const std::string& prefix) {
  const std::string sessions(core::collections::sessions);
  std::size_t erased = 0;
  for (const auto& [key, value] : call.ctx.records->scan(sessions, prefix)) {
    call.out.writes.erase(sessions, key);
    ++erased;
  }
  return erased;
}

std::size_t dead_letter_outbox(flows::action_call& call, const std::string& tenant, const std::string& reason,
                               const std::function<bool(const delivery::outbox_entry&)>& owed_there) {
  const std::string outbox(core::collections::outbox);
  std::size_t moved = 0;
  for (const auto& [key, value] : call.ctx.records->scan(outbox, core::tenant_prefix(tenant))) {
    delivery::dead_letter d;
    try {
      d.entry = value.get<delivery::outbox_entry>();
    } catch (const nlohmann::json::exception&) {
      continue;
    }
    if (!owed_there(d.entry)) continue;
    d.reason = reason;
    d.dead_ms = call.ctx.now_ms;
    call.out.writes.erase(outbox, key);
    call.out.writes.put(std::string(delivery::dead_letters_collection), key, d);
    ++moved;
  }
  return moved;
}

}  // namespace commonsbot::pipeline
