#include "store/json_file_store.hpp"
#include "support/memory_store.hpp"
#include "support/temp_dir.hpp"
#include "worker_fixture.hpp"

#include <nlohmann/json.hpp>

#include <map>

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

std::string text_of(const recorded_request& r) { return nlohmann::json::parse(r.body).value("text", ""); }

}  // namespace

TEST_CASE("committed entries are delivered, in order, and erased", "[delivery][worker]") {
  memory_store db;
  delivery_rig rig(db);
  enqueue_all(db, conversation("T", "C1"), {"one", "two", "three"});
  rig.worker.start();
  rig.worker.notify();
  REQUIRE(rig.api.wait_for(3));
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  const auto reqs = rig.api.requests();
  REQUIRE(reqs.size() == 3);
  CHECK(text_of(reqs[0]) == "one");
  CHECK(text_of(reqs[1]) == "two");
  CHECK(text_of(reqs[2]) == "three");
  CHECK(reqs[0].method == "PUT");
  CHECK(reqs[0].target.starts_with("/send/C1/cb-"));
  CHECK(reqs[0].target.ends_with(reqs[0].header("Idempotency-Key")));
  CHECK(rig.worker.stats().sent == 3);
  CHECK(rig.worker.stats().queued == 0);
}

TEST_CASE("everything committed before a restart is delivered after it", "[delivery][worker][restart]") {
  temp_dir dir;
  store::options opts;
  opts.dir = (dir / "data").string();
  opts.sync = store::sync_mode::never;
  std::vector<delivery::outbox_entry> entries;
  {
    auto opened = store::json_file_store::open(opts);
    REQUIRE(opened.st);
    entries = enqueue_all(*opened.store, conversation("T", "C1"), {"a", "b", "c", "d", "e"});
    REQUIRE(opened.store->close());
  }
  fake_platform api;
  {
    auto opened = store::json_file_store::open(opts);
    REQUIRE(opened.st);
    REQUIRE(opened.store->count(core::collections::outbox) == 5);
    test_adapter adapter(api.url(""));
    core::system_clock clock;
    delivery::worker w(*opened.store, [&](std::string_view) { return &adapter; }, clock, fast_options());
    w.start();  // no notify: the start-up scan finds them
    REQUIRE(api.wait_for(5));
    REQUIRE(eventually([&] { return opened.store->count(core::collections::outbox) == 0; }));
    w.stop();
    REQUIRE(opened.store->close());
  }
  auto reopened = store::json_file_store::open(opts);
  REQUIRE(reopened.st);
  CHECK(reopened.store->count(core::collections::outbox) == 0);
  const auto delivered = api.delivered_by_key();
  REQUIRE(delivered.size() == 5);
  for (const auto& e : entries) CHECK(delivered.at(e.idempotency_key) == 1);
}

TEST_CASE("nothing is lost under 429, 5xx, timeouts and dropped connections", "[delivery][worker][faults]") {
  memory_store db;
  delivery_rig rig(db);
  rig.api.queue(fake_response::too_many(0));
  rig.api.queue(fake_response::error(500));
  rig.api.queue(fake_response::error(503));
  rig.api.queue(fake_response::dropped());
  rig.api.queue(fake_response::slow(std::chrono::milliseconds(1'000)));  // past the 400 ms total timeout
  rig.api.queue(fake_response::error(502));
  std::vector<std::string> texts;
  for (int i = 0; i < 6; ++i) texts.push_back("m" + std::to_string(i));
  std::vector<delivery::outbox_entry> entries;
  for (int i = 0; i < 6; ++i) {
    auto e = enqueue_all(db, conversation("T", "C" + std::to_string(i)), {texts[static_cast<std::size_t>(i)]});
    entries.push_back(e[0]);
  }
  rig.worker.start();
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  CHECK(db.count(delivery::dead_letters_collection) == 0);
  const auto delivered = rig.api.delivered_by_key();
  for (const auto& e : entries) {
    INFO(e.idempotency_key);
    REQUIRE(delivered.contains(e.idempotency_key));
    CHECK(delivered.at(e.idempotency_key) == 1);
  }
  CHECK(rig.worker.stats().sent == 6);
  CHECK(rig.worker.stats().retried == 6);
}

TEST_CASE("the idempotency key is the same on every retry of an entry", "[delivery][worker][idempotency]") {
  memory_store db;
  delivery_rig rig(db);
  rig.api.queue(fake_response::error(500), 2);
  rig.api.queue(fake_response::dropped());
  auto entries = enqueue_all(db, conversation("T", "C1"), {"once"});
  rig.worker.start();
  REQUIRE(rig.api.wait_for(4));
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  const auto reqs = rig.api.requests();
  REQUIRE(reqs.size() == 4);
  for (const auto& r : reqs) {
    CHECK(r.header("Idempotency-Key") == entries[0].idempotency_key);
    CHECK(r.target == "/send/C1/" + entries[0].idempotency_key);
  }
}

TEST_CASE("a retry waits for the 429's Retry-After, however short the backoff", "[delivery][worker][rate]") {
  memory_store db;
  delivery_rig rig(db);
  rig.api.queue(fake_response::too_many(1));
  enqueue_all(db, conversation("T", "C1"), {"x"});
  rig.worker.start();
  REQUIRE(rig.api.wait_for(2, std::chrono::seconds(5)));
  const auto reqs = rig.api.requests();
  CHECK(reqs[0].status == 429);
  CHECK(reqs[1].status == 200);
  CHECK(ms_between(reqs[0].at, reqs[1].at) >= 990);
}

TEST_CASE("a 429 pauses the tenant's other conversations too", "[delivery][worker][rate]") {
  memory_store db;
  auto o = fast_options();
  o.limits["fake"].pause_tenant_on_429 = true;
  delivery_rig rig(db, o);
  rig.api.on("/send/C1/", fake_response::too_many(1), 1);
  enqueue_all(db, conversation("T", "C1"), {"x"});
  rig.worker.start();
  REQUIRE(eventually([&] { return rig.worker.stats().retried == 1; }));  // the 429 is seen
  enqueue_all(db, conversation("T", "C2"), {"y"});
  rig.worker.notify();
  REQUIRE(rig.api.wait_for(3, std::chrono::seconds(5)));
  const auto reqs = rig.api.requests();
  CHECK(ms_between(reqs[0].at, reqs[1].at) >= 900);
}

TEST_CASE("permanent errors go to dead_letters with their reason", "[delivery][worker][dead]") {
  memory_store db;
  delivery_rig rig(db);
  rig.api.on("/send/gone/", fake_response::error(404, R"({"error":"channel_not_found"})"));
  rig.api.on("/send/blocked/", fake_response::ok(R"({"ok":false,"error":"not_authed"})"));
  rig.api.on("/send/flaky/", fake_response::error(503));
  auto gone = enqueue_all(db, conversation("T", "gone"), {"a"});
  auto blocked = enqueue_all(db, conversation("T", "blocked"), {"b"});
  auto flaky = enqueue_all(db, conversation("T", "flaky"), {"c"});
  enqueue_all(db, conversation("T", "fine"), {"d"});
  rig.worker.start();
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  REQUIRE(db.count(delivery::dead_letters_collection) == 3);
  auto reason = [&](const delivery::outbox_entry& e) {
    return db.get(delivery::dead_letters_collection, e.key())->get<delivery::dead_letter>().reason;
  };
  CHECK(reason(gone[0]) == "http 404 channel_not_found");
  CHECK(reason(blocked[0]) == "not_authed");
  CHECK(reason(flaky[0]) == "gave up after 8 attempts: http 503");
  const auto dead = db.get(delivery::dead_letters_collection, flaky[0].key())->get<delivery::dead_letter>();
  CHECK(dead.entry.attempts == 8);
  CHECK(dead.entry.message.text == "c");
  CHECK(rig.worker.stats().failed == 3);
  CHECK(rig.worker.stats().sent == 1);
}

TEST_CASE("an entry for a platform without an adapter is dead-lettered", "[delivery][worker][dead]") {
  memory_store db;
  delivery_rig rig(db);
  core::conversation_ref to{"teams", "T", "C", "U", "", "", ""};
  auto e = enqueue_all(db, to, {"a"});
  rig.worker.start();
  REQUIRE(eventually([&] { return db.count(delivery::dead_letters_collection) == 1; }));
  CHECK(db.get(delivery::dead_letters_collection, e[0].key())->get<delivery::dead_letter>().reason ==
        "no adapter enabled for platform teams");
}

TEST_CASE("an entry no credentials cover is dead-lettered with the reason, never sent", "[delivery][worker][dead]") {
  memory_store db;
  delivery_rig rig(db);
  core::conversation_ref to{"fake", "no-credentials", "C", "U", "", "", ""};
  auto e = enqueue_all(db, to, {"a"});
  rig.worker.start();
  REQUIRE(eventually([&] { return db.count(delivery::dead_letters_collection) == 1; }));
  CHECK(db.get(delivery::dead_letters_collection, e[0].key())->get<delivery::dead_letter>().reason ==
        "refused: no credentials cover tenant no-credentials; not sent");
  CHECK(db.count(core::collections::outbox) == 0);
  CHECK(rig.api.count() == 0);
}

TEST_CASE("sends are paced per conversation", "[delivery][worker][rate]") {
  memory_store db;
  auto o = fast_options();
  o.limits["fake"].conversation = {10.0, 1};  // 100 ms apart
  delivery_rig rig(db, o);
  enqueue_all(db, conversation("T", "C1"), {"1", "2", "3", "4", "5", "6"});
  enqueue_all(db, conversation("T", "C2"), {"x"});
  rig.worker.start();
  REQUIRE(rig.api.wait_for(7));
  std::vector<std::chrono::steady_clock::time_point> c1;
  for (const auto& r : rig.api.requests())
    if (r.target.starts_with("/send/C1/")) c1.push_back(r.at);
  REQUIRE(c1.size() == 6);
  // Arrival times carry the fake server's scheduling jitter (the first arrival can be late by
  // tens of milliseconds under a sanitizer on a busy machine), so the span gets 10% slack; an
  // unpaced worker would send all six within a few milliseconds.
  for (std::size_t i = 1; i < c1.size(); ++i) CHECK(ms_between(c1[i - 1], c1[i]) >= 60);
  CHECK(ms_between(c1.front(), c1.back()) >= 5 * 100 * 9 / 10);
  // C2 was not held back by C1's pacing.
  const auto reqs = rig.api.requests();
  CHECK((text_of(reqs[0]) == "x" || text_of(reqs[1]) == "x"));
}

TEST_CASE("a fan-out is paced per tenant, other tenants are not held back", "[delivery][worker][rate]") {
  memory_store db;
  auto o = fast_options();
  o.limits["fake"].tenant = {20.0, 1};  // 50 ms apart
  delivery_rig rig(db, o);
  for (int i = 0; i < 10; ++i) enqueue_all(db, conversation("T", "dm" + std::to_string(i)), {"digest"});
  for (int i = 0; i < 3; ++i) enqueue_all(db, conversation("U", "other" + std::to_string(i)), {"digest"});
  rig.worker.start();
  REQUIRE(rig.api.wait_for(13));
  std::vector<std::chrono::steady_clock::time_point> tenant_t;
  std::vector<std::chrono::steady_clock::time_point> tenant_u;
  for (const auto& r : rig.api.requests()) (r.target.starts_with("/send/dm") ? tenant_t : tenant_u).push_back(r.at);
  REQUIRE(tenant_t.size() == 10);
  // Arrival times carry scheduling jitter, so single gaps get some slack; the span cannot.
  for (std::size_t i = 1; i < tenant_t.size(); ++i) CHECK(ms_between(tenant_t[i - 1], tenant_t[i]) >= 35);
  CHECK(ms_between(tenant_t.front(), tenant_t.back()) >= 9 * 50 * 9 / 10);
  // Tenant U's three went out early in T's pacing, not queued behind it.
  for (const auto& at : tenant_u) CHECK(ms_between(tenant_t.front(), at) < 200);
}

TEST_CASE("a multi-request render sends each part once, in order", "[delivery][worker]") {
  memory_store db;
  fake_platform api;
  test_adapter adapter(api.url(""), "fake", 3);
  core::system_clock clock;
  delivery::worker w(db, [&](std::string_view) { return &adapter; }, clock, fast_options());
  api.queue(fake_response::ok());
  api.queue(fake_response::error(500));
  auto e = enqueue_all(db, conversation("T", "C"), {"long"});
  w.start();
  REQUIRE(api.wait_for(4));
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  const auto reqs = api.requests();
  CHECK(nlohmann::json::parse(reqs[0].body)["part"] == 0);
  CHECK(nlohmann::json::parse(reqs[1].body)["part"] == 1);
  CHECK(nlohmann::json::parse(reqs[2].body)["part"] == 1);
  CHECK(nlohmann::json::parse(reqs[3].body)["part"] == 2);
  CHECK(reqs[3].header("Idempotency-Key") == e[0].idempotency_key + ".2");
  CHECK(w.stats().sent == 1);
}

TEST_CASE("entries handed over by key go out without a rescan, and only once", "[delivery][worker]") {
  memory_store db;
  auto o = fast_options();
  o.rescan_interval_ms = 60'000;  // the safety net must not be what finds them
  delivery_rig rig(db, o);
  rig.worker.start();
  auto first = enqueue_all(db, conversation("T", "C1"), {"a", "b"});
  rig.worker.notify({first[0].key(), first[1].key()});
  REQUIRE(rig.api.wait_for(2, std::chrono::seconds(2)));
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  // Handed over again after delivery (a late or repeated notify): already gone, not resent.
  rig.worker.notify({first[0].key(), first[1].key(), "T/no-such-entry"});
  auto second = enqueue_all(db, conversation("T", "C2"), {"c"});
  rig.worker.notify({second[0].key()});
  REQUIRE(rig.api.wait_for(3, std::chrono::seconds(2)));
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK(rig.api.count() == 3);
  for (const auto& [key, n] : rig.api.delivered_by_key()) CHECK(n == 1);
}

TEST_CASE("a 429 pauses only its conversation where the limit is per conversation", "[delivery][worker][rate]") {
  memory_store db;
  auto o = fast_options();
  o.limits["fake"].pause_tenant_on_429 = false;
  delivery_rig rig(db, o);
  rig.api.on("/send/C1/", fake_response::too_many(1), 1);
  enqueue_all(db, conversation("T", "C1"), {"x1", "x2"});
  enqueue_all(db, conversation("T", "C2"), {"y1", "y2", "y3"});
  rig.worker.start();
  REQUIRE(rig.api.wait_for(6, std::chrono::seconds(5)));
  const auto reqs = rig.api.requests();
  std::vector<std::string> c1;
  std::chrono::steady_clock::time_point last_c2{};
  for (const auto& r : reqs) {
    if (r.target.starts_with("/send/C1/")) c1.push_back(text_of(r) + "/" + std::to_string(r.status));
    else last_c2 = r.at;
  }
  // C2 went on at once; C1 waited out the Retry-After, then kept its order.
  CHECK(ms_between(reqs.front().at, last_c2) < 500);
  CHECK(c1 == std::vector<std::string>{"x1/429", "x1/200", "x2/200"});
}

TEST_CASE("a 429's Retry-After is waited exactly, not stretched to a longer backoff", "[delivery][worker][rate]") {
  memory_store db;
  auto o = fast_options();
  o.retry.base_ms = 3'000;  // a backoff would wait 1.5 to 3 s
  o.retry.max_ms = 3'000;
  delivery_rig rig(db, o);
  rig.api.queue(fake_response::too_many(1));
  enqueue_all(db, conversation("T", "C1"), {"x"});
  rig.worker.start();
  REQUIRE(rig.api.wait_for(2, std::chrono::seconds(5)));
  const auto reqs = rig.api.requests();
  CHECK(ms_between(reqs[0].at, reqs[1].at) >= 990);
  CHECK(ms_between(reqs[0].at, reqs[1].at) < 1'400);
}

TEST_CASE("429s do not lengthen a later 5xx's backoff", "[delivery][worker][rate]") {
  // A 429 brings its own wait; counting it in the exponent made a 5xx after two 429s wait
  // four base periods (600-1,200 ms here) instead of one (150-300 ms).
  memory_store db;
  auto o = fast_options();
  o.retry.base_ms = 300;
  o.retry.max_ms = 5'000;
  delivery_rig rig(db, o);
  rig.api.queue(fake_response::too_many(1));
  rig.api.queue(fake_response::too_many(1));
  rig.api.queue(fake_response::error(503));
  enqueue_all(db, conversation("T", "C1"), {"x"});
  rig.worker.start();
  REQUIRE(rig.api.wait_for(4, std::chrono::seconds(6)));
  const auto reqs = rig.api.requests();
  CHECK(reqs[2].status == 503);
  CHECK(ms_between(reqs[2].at, reqs[3].at) >= 140);
  CHECK(ms_between(reqs[2].at, reqs[3].at) < 550);
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
}

TEST_CASE("under a backlog the rescan reads only the entries it does not know yet", "[delivery][worker]") {
  memory_store db;
  delivery_rig rig(db);  // rescan every 50 ms
  rig.api.queue(fake_response::slow(std::chrono::milliseconds(250)), 40);  // a slow platform: the backlog stays
  std::vector<std::string> backlog;
  for (int i = 0; i < 40; ++i) backlog.push_back("old " + std::to_string(i));
  enqueue_all(db, conversation("T", "C1"), backlog);  // one conversation: sent one at a time
  rig.worker.start();
  REQUIRE(rig.api.wait_for(1));
  const int read_before = db.documents_read.load();
  enqueue_all(db, conversation("T", "C2"), {"new"});  // no notify: only a rescan can find it
  REQUIRE(eventually([&] {
    for (const auto& r : rig.api.requests())
      if (text_of(r) == "new") return true;
    return false;
  }));
  CHECK(db.count(core::collections::outbox) > 30);  // the backlog was still there
  CHECK(db.documents_read.load() - read_before <= 2);  // the new entry, not the 39 it already had
}

TEST_CASE("the rescan finds entries nobody announced, and skips the read when nothing changed",
          "[delivery][worker]") {
  memory_store db;
  delivery_rig rig(db);  // rescan every 50 ms
  enqueue_all(db, conversation("T", "C1"), {"a"});
  rig.worker.start();
  REQUIRE(rig.api.wait_for(1));
  REQUIRE(eventually([&] { return db.count(core::collections::outbox) == 0; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // our own erase is seen once
  const int scans = db.scans.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // six idle rescans
  CHECK(db.scans == scans);
  enqueue_all(db, conversation("T", "C2"), {"b"});  // no notify
  REQUIRE(rig.api.wait_for(2, std::chrono::seconds(2)));
  CHECK(db.scans == scans + 1);
}
