#include "delivery/outbox_entry.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <random>

namespace commonsbot::delivery {

std::string outbox_entry::key() const { return core::tenant_key(tenant, id); }

void to_json(nlohmann::json& j, const outbox_entry& e) {
  j = {{"id", e.id},
       {"tenant", e.tenant},
       {"platform", e.platform},
       {"to", e.to},
       {"message", e.message},
       {"created_ms", e.created_ms},
       {"attempts", e.attempts},
       {"next_attempt_ms", e.next_attempt_ms},
       {"last_error", e.last_error},
       {"idempotency_key", e.idempotency_key},
       {"parts_done", e.parts_done}};
  if (!e.captured.empty()) j["captured"] = e.captured;  // most entries never capture anything
}

void from_json(const nlohmann::json& j, outbox_entry& e) {
  e.id = j.value("id", "");
  e.tenant = j.value("tenant", "");
  e.platform = j.value("platform", "");
  if (auto it = j.find("to"); it != j.end()) e.to = it->get<core::conversation_ref>();
  if (auto it = j.find("message"); it != j.end()) e.message = it->get<core::message>();
  e.created_ms = j.value("created_ms", 0LL);
  e.attempts = j.value("attempts", 0);
  e.next_attempt_ms = j.value("next_attempt_ms", 0LL);
  e.last_error = j.value("last_error", "");
  e.idempotency_key = j.value("idempotency_key", "");
  e.parts_done = j.value("parts_done", 0);
  e.captured.clear();
  if (auto it = j.find("captured"); it != j.end() && it->is_object())
    for (const auto& [name, value] : it->items())
      if (value.is_string()) e.captured[name] = value.get<std::string>();
}

void to_json(nlohmann::json& j, const dead_letter& d) {
  j = {{"entry", d.entry}, {"reason", d.reason}, {"dead_ms", d.dead_ms}};
}

void from_json(const nlohmann::json& j, dead_letter& d) {
  if (auto it = j.find("entry"); it != j.end()) d.entry = it->get<outbox_entry>();
  d.reason = j.value("reason", "");
  d.dead_ms = j.value("dead_ms", 0LL);
}

std::string new_entry_id(long long now_ms) {
  // The counter keeps ids made in the same millisecond in enqueue order, which is the order a
  // conversation's messages go out in; the random part keeps processes apart.
  static std::atomic<std::uint32_t> counter{0};
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%013lld-%08x-%08llx", now_ms, static_cast<unsigned>(counter.fetch_add(1)),
                static_cast<unsigned long long>(rng() & 0xffffffffULL));
  return buf;
}

outbox_entry enqueue(store::transaction& txn, const core::conversation_ref& to, const core::message& m, long long now_ms) {
  outbox_entry e;
  e.id = new_entry_id(now_ms);
  e.tenant = to.tenant;
  e.platform = to.platform;
  e.to = to;
  e.message = m;
  e.created_ms = now_ms;
  e.next_attempt_ms = now_ms;
  // The id is already unique per message; platforms that dedupe (Matrix txnId) get it.
  e.idempotency_key = "cb-" + e.id;
  txn.put(std::string(core::collections::outbox), e.key(), e);
  return e;
}

outbox_entry enqueue_at(store::transaction& txn, const core::conversation_ref& to, const core::message& m,
                        long long now_ms, long long not_before_ms) {
  store::transaction mine;
  outbox_entry e = enqueue(mine, to, m, now_ms);
  if (not_before_ms <= now_ms) {
    txn.append(std::move(mine));
    return e;
  }
  e.next_attempt_ms = not_before_ms;
  txn.put(std::string(core::collections::outbox), e.key(), e);
  return e;
}

}  // namespace commonsbot::delivery
