// enqueue_at: an entry deferred to a later time (a nudge held back by quiet hours, a snooze)
// is not sent before it, and is sent once it comes.
#include "worker_fixture.hpp"

#include "support/memory_store.hpp"

#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::test;

TEST_CASE("enqueue_at holds an entry until its time, then sends it", "[delivery][worker][not_before]") {
  memory_store db;
  delivery_rig rig(db);
  const long long now = core::to_epoch_ms(std::chrono::system_clock::now());
  store::transaction txn;
  auto later = delivery::enqueue_at(txn, conversation("T", "C1"), text("later"), now, now + 600);
  auto past = delivery::enqueue_at(txn, conversation("T", "C2"), text("now"), now, now - 5000);
  REQUIRE(db.commit(std::move(txn)));
  CHECK(later.next_attempt_ms == now + 600);
  CHECK(past.next_attempt_ms == now);  // an earlier time means at once
  const auto stored = db.get(core::collections::outbox, later.key());
  REQUIRE(stored);
  CHECK(stored->value("next_attempt_ms", 0LL) == now + 600);

  rig.worker.start();
  rig.worker.notify();
  REQUIRE(rig.api.wait_for(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  CHECK(rig.api.count() == 1);  // only "now" so far
  CHECK(core::to_epoch_ms(std::chrono::system_clock::now()) < now + 600);

  REQUIRE(rig.api.wait_for(2));
  const long long sent_at = core::to_epoch_ms(std::chrono::system_clock::now());
  CHECK(sent_at >= now + 600);
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
}
