#include "pipeline/zone_actions.hpp"

#include "core/keys.hpp"
#include "core/person.hpp"
#include "flows/engine.hpp"
#include "log/log.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::pipeline {
namespace {

using flows::action_call;
using flows::action_result;

std::string zone_in(const std::string& payload) {
  const auto fields = nlohmann::json::parse(payload.empty() ? "{}" : payload, nullptr, false);
  if (!fields.is_object()) return {};
  const auto it = fields.find("time_zone");
  return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

action_result time_zone_found(action_call& call) {
  const core::person* who = call.ctx.person;
  if (!who || who->user_id.empty()) return {};
  const std::string zone = zone_in(call.payload);
  // Someone who chose a zone (or had one set) keeps it: the platform's is only a default.
  if (!who->time_zone.empty()) return {};
  if (zone.empty() || !schedule::zone::find(zone)) {
    log::info("people.zone_unknown").kv("tenant", who->tenant).kv("person", who->key()).kv("zone", zone);
    return {};
  }
  core::person updated = *who;
  updated.time_zone = zone;
  call.out.writes.put(std::string(core::collections::people), core::tenant_key(who->tenant, who->key()), updated);
  call.out.after_commit.push_back([tenant = who->tenant, key = who->key(), zone] {
    log::info("people.zone_set").kv("tenant", tenant).kv("person", key).kv("zone", zone);
  });
  return {};
}

}  // namespace

void add_zone_actions(flows::action_registry& actions) {
  actions.add_lifecycle(std::string("on.") + time_zone_found_event, time_zone_found);
}

}  // namespace commonsbot::pipeline
