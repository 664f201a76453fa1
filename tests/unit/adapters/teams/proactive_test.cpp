// A nudge or digest to someone the bot has no conversation with yet: the 1:1 conversation is
// created once through the Bot Connector, and remembered across a restart of the outbox
// worker, so the next message goes straight to it.
#include "adapters/teams/classify.hpp"
#include "adapters/teams/teams_adapter.hpp"
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "delivery/worker.hpp"
#include "support/eventually.hpp"
#include "support/fake_platform.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using nlohmann::json;

namespace {

fetch::result proactive_token(const fetch::request&) {
  fetch::result out;
  out.what = fetch::result::outcome::fetched;
  out.status = 200;
  out.body = R"({"token_type":"Bearer","expires_in":3600,"access_token":"proactive-token"})";
  return out;
}

// One "process": the Teams adapter and an outbox worker over `db`.
struct proactive_bot {
  proactive_bot(store::store& db, const core::clock& clock) {
    adapters::teams::settings s;
    s.app_id = "app-1";
    s.tenant_id = "tenant-1";
    teams = std::make_unique<adapters::teams::teams_adapter>(s, clock, proactive_token);
    delivery::worker_options o;
    o.rescan_interval_ms = 50;
    o.max_wait_ms = 20;
    o.transport.allow_plain_http = true;
    o.limits["teams"] = {{0, 1}, {0, 1}, {0, 1}, false};  // no pacing in a test
    outbox = std::make_unique<delivery::worker>(
        db, [this](std::string_view p) -> const adapters::adapter* { return p == "teams" ? teams.get() : nullptr; },
        clock, std::move(o));
    outbox->set_classifier("teams", adapters::teams::classifier({}));
    outbox->start();
  }
  ~proactive_bot() { outbox->stop(); }
  std::unique_ptr<adapters::teams::teams_adapter> teams;
  std::unique_ptr<delivery::worker> outbox;
};

void proactive_say(store::store& db, const core::conversation_ref& to, const std::string& text) {
  store::transaction txn;
  core::message m;
  m.text = text;
  delivery::enqueue(txn, to, m, core::to_epoch_ms(std::chrono::system_clock::now()));
  REQUIRE(db.commit(std::move(txn)));
}

std::size_t proactive_calls(const test::fake_platform& api, const std::string& target) {
  std::size_t n = 0;
  for (const auto& r : api.requests()) n += r.target == target;
  return n;
}

}  // namespace

TEST_CASE("teams proactive: the 1:1 conversation is created once and remembered across a restart",
          "[teams][delivery][restart]") {
  test::memory_store db;  // outlives both "processes"
  test::fake_platform connector;
  core::system_clock clock;
  connector.on("/smba/v3/conversations/a%3Aaroha-dm/activities", test::fake_response::ok(R"({"id":"m1"})"));
  connector.on("/smba/v3/conversations", test::fake_response::ok(R"({"id":"a:aroha-dm"})"));
  // Where Aroha is reached: her user id and the service URL her last activity named.
  const core::conversation_ref aroha("teams", "tenant-1", "", "29:aroha", "", connector.url("/smba/"), "28:app-1");
  {
    proactive_bot before(db, clock);
    proactive_say(db, aroha, "Your syndicate meets tomorrow at 3pm.");
    before.outbox->notify();
    REQUIRE(test::eventually([&] { return db.count(core::collections::outbox) == 0; }));
  }
  CHECK(proactive_calls(connector, "/smba/v3/conversations") == 1);
  CHECK(proactive_calls(connector, "/smba/v3/conversations/a%3Aaroha-dm/activities") == 1);
  const auto create = connector.requests().front();
  CHECK(create.header("Authorization") == "Bearer proactive-token");
  const auto body = json::parse(create.body);
  CHECK(body["members"][0]["id"] == "29:aroha");
  CHECK(body["channelData"]["tenant"]["id"] == "tenant-1");

  proactive_bot after(db, clock);
  proactive_say(db, aroha, "Three new resources match what you teach.");
  after.outbox->notify();
  REQUIRE(test::eventually(
      [&] { return proactive_calls(connector, "/smba/v3/conversations/a%3Aaroha-dm/activities") == 2; }));
  CHECK(proactive_calls(connector, "/smba/v3/conversations") == 1);  // not created again
  CHECK(db.count(delivery::dead_letters_collection) == 0);
}
