// An outbox entry: one message owed to one conversation, stored in the "outbox" collection
// until the platform has accepted it, or in "dead_letters" once it never will.
//
// Entries are written by enqueue() into the caller's transaction, so a message rides in the
// same commit as the state change that caused it: a crash before the commit sends nothing,
// a crash after it still sends (the worker finds the entry when it starts).
#pragma once

#include "core/conversation_ref.hpp"
#include "core/message.hpp"
#include "store/transaction.hpp"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <string>
#include <string_view>

namespace commonsbot::delivery {

inline constexpr std::string_view dead_letters_collection = "dead_letters";  // tenant/id -> entry + reason
// Answers worth keeping across entries and restarts (outbound_request::remember_as: a Teams
// 1:1 conversation, a Slack DM channel), so a restart does not open every DM again.
// "<platform>:<tenant>:<what>" -> {"value": ...}.
inline constexpr std::string_view remembered_answers_collection = "delivery_answers";

struct outbox_entry {
  std::string id;  // unique, time-ordered: "<created_ms>-<counter>-<random>"
  std::string tenant;
  std::string platform;
  core::conversation_ref to;
  core::message message;
  long long created_ms = 0;
  int attempts = 0;             // sends tried so far (failed ones; a success removes the entry)
  long long next_attempt_ms = 0;  // not sent before this time
  std::string last_error;       // why the last attempt failed; empty before the first
  std::string idempotency_key;  // fixed at enqueue, so every retry carries the same one
  int parts_done = 0;           // requests of a multi-request render already accepted
  // Values earlier parts' answers gave the later ones (outbound_request::capture), saved
  // with parts_done so a restart between the parts sends the rest to the same place.
  std::map<std::string, std::string> captured;

  // The store key: "<tenant>/<id>".
  std::string key() const;

  bool operator==(const outbox_entry&) const = default;
};

void to_json(nlohmann::json& j, const outbox_entry& e);
void from_json(const nlohmann::json& j, outbox_entry& e);

// A dead letter: the entry as it was, why it stopped, and when.
struct dead_letter {
  outbox_entry entry;
  std::string reason;
  long long dead_ms = 0;
};

void to_json(nlohmann::json& j, const dead_letter& d);
void from_json(const nlohmann::json& j, dead_letter& d);

// A new id, unique in practice and ordered by creation within a process: the time, a
// process-wide counter and 32 random bits.
std::string new_entry_id(long long now_ms);

// Adds an entry for `m` to `to` into `txn` and returns it. Due at once (next_attempt = now).
// Commit `txn`, then hand the keys to worker::notify(keys) so the worker takes them at once
// rather than at its next rescan.
outbox_entry enqueue(store::transaction& txn, const core::conversation_ref& to, const core::message& m, long long now_ms);

// The same, but not sent before `not_before_ms` (a nudge deferred to the end of someone's
// quiet hours, a snoozed one): the worker schedules it then. An earlier time means now.
outbox_entry enqueue_at(store::transaction& txn, const core::conversation_ref& to, const core::message& m,
                        long long now_ms, long long not_before_ms);

}  // namespace commonsbot::delivery
