#include "nudges/nudge_record.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::nudges {

std::string nudge_record::key() const { return record_key(tenant, fire_id, person); }

std::string record_key(std::string_view tenant, std::string_view fire_id, std::string_view person_key) {
  return core::tenant_key(tenant, std::string(fire_id) + "|" + std::string(person_key));
}

std::string person_of(std::string_view payload) {
  // Fire ids never hold '|' (job ids and ISO times), so the last one starts the person key.
  const auto bar = payload.rfind('|');
  return bar == std::string_view::npos ? std::string() : std::string(payload.substr(bar + 1));
}

void to_json(nlohmann::json& j, const nudge_record& r) {
  j = {{"tenant", r.tenant},         {"fire_id", r.fire_id},         {"person", r.person},
       {"kind", r.kind},             {"meeting", r.meeting},         {"occurrence", r.occurrence},
       {"zone", r.zone},             {"meeting_ms", r.meeting_ms},   {"status", r.status},
       {"reason", r.reason},         {"at_ms", r.at_ms},             {"message", r.message},
       {"response", r.response},     {"response_ms", r.response_ms}, {"snoozed_until_ms", r.snoozed_until_ms}};
}

void from_json(const nlohmann::json& j, nudge_record& r) {
  r.tenant = j.value("tenant", "");
  r.fire_id = j.value("fire_id", "");
  r.person = j.value("person", "");
  r.kind = j.value("kind", "nudge");
  r.meeting = j.value("meeting", "");
  r.occurrence = j.value("occurrence", "");
  r.zone = j.value("zone", "");
  r.meeting_ms = j.value("meeting_ms", 0LL);
  r.status = j.value("status", "");
  r.reason = j.value("reason", "");
  r.at_ms = j.value("at_ms", 0LL);
  if (auto it = j.find("message"); it != j.end() && it->is_object()) r.message = it->get<core::message>();
  r.response = j.value("response", "");
  r.response_ms = j.value("response_ms", 0LL);
  r.snoozed_until_ms = j.value("snoozed_until_ms", 0LL);
}

std::optional<nudge_record> read_record(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    return j.get<nudge_record>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace commonsbot::nudges
