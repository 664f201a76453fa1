#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

TEST_CASE("enqueue puts one due entry into the caller's transaction", "[delivery][outbox]") {
  store::transaction txn;
  core::conversation_ref to{"slack", "T1", "C9", "U1", "", "", ""};
  core::message m;
  m.text = "hello";
  const auto e = delivery::enqueue(txn, to, m, 1'000);
  REQUIRE(txn.operations().size() == 1);
  const auto& op = txn.operations()[0];
  CHECK(op.collection == core::collections::outbox);
  CHECK(op.key == "T1/" + e.id);
  CHECK(op.key.starts_with(core::tenant_prefix("T1")));
  CHECK(e.next_attempt_ms == 1'000);
  CHECK(e.attempts == 0);
  CHECK_FALSE(e.idempotency_key.empty());
  CHECK(op.value.get<delivery::outbox_entry>() == e);
}

TEST_CASE("outbox entries and dead letters round-trip through JSON", "[delivery][outbox]") {
  delivery::outbox_entry e;
  e.id = delivery::new_entry_id(42);
  e.tenant = "T";
  e.platform = "matrix";
  e.to.platform = "matrix";
  e.to.conversation_id = "!room:hs";
  e.message.text = "hi";
  e.created_ms = 42;
  e.attempts = 3;
  e.next_attempt_ms = 99;
  e.last_error = "http 503";
  e.idempotency_key = "cb-x";
  e.parts_done = 1;
  CHECK(nlohmann::json(e).get<delivery::outbox_entry>() == e);
  delivery::dead_letter d{e, "http 404", 100};
  const auto back = nlohmann::json(d).get<delivery::dead_letter>();
  CHECK(back.entry == e);
  CHECK(back.reason == "http 404");
  CHECK(back.dead_ms == 100);
}

TEST_CASE("entry ids are unique and sort by creation time", "[delivery][outbox]") {
  const auto a = delivery::new_entry_id(1'000);
  const auto b = delivery::new_entry_id(1'000);
  const auto c = delivery::new_entry_id(2'000);
  CHECK(a != b);
  CHECK(a < c);
  CHECK(b < c);
}
