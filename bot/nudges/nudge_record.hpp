// What happened to one nudge for one person: sent, deferred (and until when) or skipped
// (and why), what it said, and what they did with its buttons. Stored in "nudges" under
// "<tenant>/<fire id>|<person key>", written even for skips, so `schedule list`, reports and
// tests can see exactly what the bot decided; a fire id already recorded for a person is
// never sent to them again.
#pragma once

#include "core/message.hpp"

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::nudges {

struct nudge_record {
  std::string tenant;
  std::string fire_id;      // "<job id>@<local ISO>"
  std::string person;       // person key ("platform:user")
  std::string kind = "nudge";  // nudge | reflect
  std::string meeting;      // meeting id (nudge) or plan id (reflect)
  std::string occurrence;   // the meeting's local ISO time, e.g. "2025-03-11T08:15"
  std::string zone;         // the meeting's IANA zone
  long long meeting_ms = 0;  // when the meeting starts (UTC ms); 0 for reflect
  std::string status;       // sent | deferred | skipped
  std::string reason;       // deferred / skipped: why ("quiet_hours", "paused", "nudges_off" ...)
  long long at_ms = 0;      // when it goes (sent: the fire time; deferred: later)
  core::message message;    // what it says (empty for skips)
  // What the person did with it: "" | "raising" | "not_this_time" | "snoozed".
  std::string response;
  long long response_ms = 0;
  long long snoozed_until_ms = 0;

  // "<fire id>|<person key>": the part of the key after the tenant, and the buttons' payload.
  std::string id() const { return fire_id + "|" + person; }
  std::string key() const;  // "<tenant>/<fire id>|<person key>"
};

std::string record_key(std::string_view tenant, std::string_view fire_id, std::string_view person_key);

// The person key in a button payload "<fire id>|<person key>"; empty if it has none.
std::string person_of(std::string_view payload);

void to_json(nlohmann::json& j, const nudge_record& r);
void from_json(const nlohmann::json& j, nudge_record& r);

// The record read defensively: nullopt for anything that isn't one.
std::optional<nudge_record> read_record(const nlohmann::json& j);

}  // namespace commonsbot::nudges
