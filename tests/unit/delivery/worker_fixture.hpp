// A worker wired to a fake platform and a store, with millisecond-scale retry settings so
// the fault tests run in well under a second each.
#pragma once

#include "core/clock.hpp"
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "delivery/worker.hpp"
#include "support/eventually.hpp"
#include "support/fake_platform.hpp"
#include "test_adapter.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <thread>

namespace commonsbot::test {

inline delivery::worker_options fast_options() {
  delivery::worker_options o;
  o.concurrency = 8;
  o.rescan_interval_ms = 50;
  o.max_wait_ms = 20;
  o.transport.allow_plain_http = true;
  o.transport.connect_timeout_ms = 500;
  o.transport.total_timeout_ms = 400;
  o.retry.base_ms = 10;
  o.retry.max_ms = 80;
  o.retry.max_attempts = 8;
  o.seed = 1;
  return o;
}

inline core::conversation_ref conversation(const std::string& tenant, const std::string& channel) {
  return {"fake", tenant, channel, "U1", "", "", ""};
}

inline core::message text(const std::string& t) {
  core::message m;
  m.text = t;
  return m;
}

// Enqueues one message per text into `db` in one transaction, as the pipeline would.
inline std::vector<delivery::outbox_entry> enqueue_all(store::store& db, const core::conversation_ref& to,
                                                       const std::vector<std::string>& texts) {
  store::transaction txn;
  std::vector<delivery::outbox_entry> out;
  const long long now = core::to_epoch_ms(std::chrono::system_clock::now());
  for (const auto& t : texts) out.push_back(delivery::enqueue(txn, to, text(t), now));
  REQUIRE(db.commit(std::move(txn)));
  return out;
}

struct delivery_rig {
  explicit delivery_rig(store::store& db, delivery::worker_options o = fast_options())
      : adapter(api.url("")),
        worker(db, [this](std::string_view p) -> const adapters::adapter* { return p == "fake" ? &adapter : nullptr; },
               clock, std::move(o)) {}

  fake_platform api;
  test_adapter adapter;
  core::system_clock clock;
  delivery::worker worker;
};

inline long long ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
}

}  // namespace commonsbot::test
