// DMs through the outbox against the fake Slack API: conversations.open first, then
// chat.postMessage to the channel it answered; the channel remembered per team and user; a
// restart between the two requests; ok:false from the open; and a retry after a token
// rotation carrying the new token.
#include "adapters/slack/classify.hpp"
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "delivery/worker.hpp"
#include "slack_support.hpp"
#include "support/eventually.hpp"
#include "support/fake_platform.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <mutex>
#include <thread>

using namespace slack_test;
using nlohmann::json;
using test::eventually;
using test::fake_response;

namespace {

const char* const opened_d1 = R"({"ok":true,"channel":{"id":"D0AROHA01"}})";

delivery::worker_options fast() {
  delivery::worker_options o;
  o.rescan_interval_ms = 50;
  o.max_wait_ms = 20;
  o.transport.allow_plain_http = true;
  o.transport.total_timeout_ms = 2'000;
  o.retry.base_ms = 10;
  o.retry.max_ms = 40;
  o.seed = 1;
  return o;
}

// The bot token as the installation store would give it; rotated by the test.
struct token_box {
  std::string get() {
    std::lock_guard lock(mutex);
    return value;
  }
  void set(std::string v) {
    std::lock_guard lock(mutex);
    value = std::move(v);
  }
  std::mutex mutex;
  std::string value = "xoxb-first";
};

// One "process": a Slack adapter (token per team from `tokens`) and an outbox worker.
struct bot {
  bot(store::store& db, test::fake_platform& api, token_box& tokens, const core::clock& clock,
      delivery::worker_options o = fast()) {
    auto s = test_settings();
    s.api_base_url = api.url("/api");
    slack = std::make_unique<adapters::slack::slack_adapter>(s, clock);
    slack->set_token_source([&tokens](const std::string&) { return tokens.get(); });
    outbox = std::make_unique<delivery::worker>(
        db, [this](std::string_view p) -> const adapters::adapter* { return p == "slack" ? slack.get() : nullptr; },
        clock, std::move(o));
    outbox->set_classifier("slack", adapters::slack::classify);
    outbox->start();
  }
  ~bot() { outbox->stop(); }
  std::unique_ptr<adapters::slack::slack_adapter> slack;
  std::unique_ptr<delivery::worker> outbox;
};

std::string say(store::store& db, const core::conversation_ref& to, const std::string& text) {
  store::transaction txn;
  core::message m;
  m.text = text;
  auto e = delivery::enqueue(txn, to, m, core::to_epoch_ms(std::chrono::system_clock::now()));
  REQUIRE(db.commit(std::move(txn)));
  return e.key();
}

core::conversation_ref dm(const std::string& user) { return {"slack", "T0SCHOOL1", "", user}; }

std::vector<test::recorded_request> calls_to(const test::fake_platform& api, const std::string& target) {
  std::vector<test::recorded_request> out;
  for (auto& r : api.requests())
    if (r.target == target) out.push_back(std::move(r));
  return out;
}

std::string channel_of(const test::recorded_request& r) { return json::parse(r.body).value("channel", ""); }

}  // namespace

TEST_CASE("slack DM: conversations.open, then chat.postMessage to the channel it answered", "[slack][dm]") {
  test::memory_store db;
  test::fake_platform api;
  token_box tokens;
  core::system_clock clock;
  api.on("/api/conversations.open", fake_response::ok(opened_d1));
  bot b(db, api, tokens, clock);

  say(db, dm("U0AROHA01"), "Kia ora");
  b.outbox->notify();
  REQUIRE(api.wait_for(2));
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  const auto reqs = api.requests();
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].target == "/api/conversations.open");
  CHECK(json::parse(reqs[0].body)["users"] == "U0AROHA01");
  CHECK(reqs[0].header("Authorization") == "Bearer xoxb-first");
  CHECK(reqs[1].target == "/api/chat.postMessage");
  CHECK(channel_of(reqs[1]) == "D0AROHA01");
  CHECK(json::parse(reqs[1].body)["text"] == "Kia ora");
  CHECK(reqs[1].header("Authorization") == "Bearer xoxb-first");
  CHECK(db.count(delivery::dead_letters_collection) == 0);
}

TEST_CASE("slack DM: the channel is remembered per team and user, and asked again after a failure",
          "[slack][dm]") {
  test::memory_store db;
  test::fake_platform api;
  token_box tokens;
  core::system_clock clock;
  api.on("/api/conversations.open", fake_response::ok(opened_d1));
  bot b(db, api, tokens, clock);

  say(db, dm("U0AROHA01"), "one");
  b.outbox->notify();
  REQUIRE(eventually([&] { return calls_to(api, "/api/chat.postMessage").size() == 1; }));
  say(db, dm("U0AROHA01"), "two");
  b.outbox->notify();
  REQUIRE(eventually([&] { return calls_to(api, "/api/chat.postMessage").size() == 2; }));
  CHECK(calls_to(api, "/api/conversations.open").size() == 1);  // the second skipped the open
  CHECK(channel_of(calls_to(api, "/api/chat.postMessage")[1]) == "D0AROHA01");

  // Someone else: their own open.
  say(db, dm("U0SAM0001"), "three");
  b.outbox->notify();
  REQUIRE(eventually([&] { return calls_to(api, "/api/chat.postMessage").size() == 3; }));
  const auto opens = calls_to(api, "/api/conversations.open");
  REQUIRE(opens.size() == 2);
  CHECK(json::parse(opens[1].body)["users"] == "U0SAM0001");

  // A post to the remembered channel refused for good: dead-lettered, and the next DM opens again.
  api.on("/api/chat.postMessage", fake_response::ok(R"({"ok":false,"error":"channel_not_found"})"), 1);
  say(db, dm("U0AROHA01"), "four");
  b.outbox->notify();
  REQUIRE(eventually([&] { return db.count(delivery::dead_letters_collection) == 1; }));
  CHECK(calls_to(api, "/api/conversations.open").size() == 2);
  say(db, dm("U0AROHA01"), "five");
  b.outbox->notify();
  REQUIRE(eventually([&] { return calls_to(api, "/api/chat.postMessage").size() == 5; }));
  CHECK(calls_to(api, "/api/conversations.open").size() == 3);
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
}

TEST_CASE("slack DM: a restart between the open and the post sends the post once, to the same channel",
          "[slack][dm][restart]") {
  test::memory_store db;  // outlives both "processes"
  test::fake_platform api;
  token_box tokens;
  api.on("/api/conversations.open", fake_response::ok(opened_d1), 1);
  api.on("/api/chat.postMessage", fake_response::error(503), 1);
  const auto start = std::chrono::system_clock::now();
  std::string key;
  {
    core::system_clock clock;
    auto o = fast();
    o.retry.base_ms = o.retry.max_ms = 60'000;  // no retry before the "crash"
    bot first(db, api, tokens, clock, o);
    key = say(db, dm("U0AROHA01"), "Kia ora");
    first.outbox->notify();
    REQUIRE(eventually([&] {
      auto e = db.get(core::collections::outbox, key);
      return e && e->value("attempts", 0) == 1;
    }));
  }
  const auto stored = db.get(core::collections::outbox, key)->get<delivery::outbox_entry>();
  CHECK(stored.parts_done == 1);
  CHECK(stored.captured.at("dm_channel") == "D0AROHA01");

  // The next process: its memory is empty, and an open now would answer another channel.
  api.on("/api/conversations.open", fake_response::ok(R"({"ok":true,"channel":{"id":"D0WRONG99"}})"));
  core::manual_clock later(start + std::chrono::minutes(2));  // past the first process's backoff
  bot second(db, api, tokens, later);
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  const auto posts = calls_to(api, "/api/chat.postMessage");
  REQUIRE(posts.size() == 2);
  CHECK(posts[0].status == 503);
  CHECK(posts[1].status == 200);
  CHECK(channel_of(posts[1]) == "D0AROHA01");
  CHECK(calls_to(api, "/api/conversations.open").size() == 1);  // not asked again
  CHECK(posts[1].header("Idempotency-Key") == stored.idempotency_key + ".1");
}

TEST_CASE("slack DM: ok:false from conversations.open is dead-lettered with its code", "[slack][dm][dead]") {
  test::memory_store db;
  test::fake_platform api;
  token_box tokens;
  core::system_clock clock;
  api.on("/api/conversations.open", fake_response::ok(R"({"ok":false,"error":"user_not_found"})"));
  bot b(db, api, tokens, clock);
  const auto key = say(db, dm("U0GONE001"), "Kia ora");
  b.outbox->notify();
  REQUIRE(eventually([&] { return db.count(delivery::dead_letters_collection) == 1; }));
  const auto dead = db.get(delivery::dead_letters_collection, key);
  REQUIRE(dead);
  CHECK((*dead)["reason"] == "user_not_found");
  CHECK(db.count(core::collections::outbox) == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(calls_to(api, "/api/conversations.open").size() == 1);  // permanent: never retried
  CHECK(calls_to(api, "/api/chat.postMessage").empty());
}

TEST_CASE("slack: a retry after a token rotation carries the new token", "[slack][token]") {
  const auto answer = GENERATE(as<std::string>{}, "http 500", "token_expired");
  INFO(answer);
  test::memory_store db;
  test::fake_platform api;
  token_box tokens;
  core::system_clock clock;
  api.on("/api/chat.postMessage",
         answer == "http 500" ? fake_response::error(500) : fake_response::ok(R"({"ok":false,"error":"token_expired"})"),
         1);
  auto o = fast();
  o.retry.base_ms = o.retry.max_ms = 400;  // the retry waits 200-400 ms: the refresher rotates meanwhile
  bot b(db, api, tokens, clock, o);
  say(db, {"slack", "T0SCHOOL1", "C0LIBRARY", "U0AROHA01"}, "Kia ora");
  b.outbox->notify();
  REQUIRE(api.wait_for(1));
  tokens.set("xoxb-second");
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  const auto posts = calls_to(api, "/api/chat.postMessage");
  REQUIRE(posts.size() == 2);
  CHECK(posts[0].header("Authorization") == "Bearer xoxb-first");
  CHECK(posts[1].header("Authorization") == "Bearer xoxb-second");
  CHECK(posts[0].header("Idempotency-Key") == posts[1].header("Idempotency-Key"));
  CHECK(db.count(delivery::dead_letters_collection) == 0);
}

TEST_CASE("slack DM: the channel is remembered across a restart, and forgotten when it fails", "[slack][dm][restart]") {
  test::memory_store db;  // outlives both "processes"
  test::fake_platform api;
  token_box tokens;
  core::system_clock clock;
  api.on("/api/conversations.open", fake_response::ok(opened_d1));
  {
    bot before(db, api, tokens, clock);
    say(db, dm("U0AROHA01"), "one");
    before.outbox->notify();
    REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  }
  CHECK(db.get(delivery::remembered_answers_collection, "slack:T0SCHOOL1:dm:U0AROHA01"));
  bot after(db, api, tokens, clock);
  say(db, dm("U0AROHA01"), "two");
  after.outbox->notify();
  REQUIRE(eventually([&] { return calls_to(api, "/api/chat.postMessage").size() == 2; }));
  CHECK(calls_to(api, "/api/conversations.open").size() == 1);  // no open after the restart
  CHECK(channel_of(calls_to(api, "/api/chat.postMessage")[1]) == "D0AROHA01");

  // The remembered channel refused for good: forgotten on disk too.
  api.on("/api/chat.postMessage", fake_response::ok(R"({"ok":false,"error":"channel_not_found"})"), 1);
  say(db, dm("U0AROHA01"), "three");
  after.outbox->notify();
  REQUIRE(eventually([&] { return db.count(delivery::dead_letters_collection) == 1; }));
  CHECK_FALSE(db.get(delivery::remembered_answers_collection, "slack:T0SCHOOL1:dm:U0AROHA01"));
}
