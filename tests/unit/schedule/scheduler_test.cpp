#include "schedule/scheduler.hpp"
#include "support/memory_store.hpp"
#include "unit/schedule/utc.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <stdexcept>

using namespace commonsbot;
using test::utc;

namespace {

// Every fire writes one "sent" document under a fresh counter key, so a fire committed twice
// would show as two documents with the same fire id.
struct sent_log {
  int next = 0;
  schedule::fire_handler handler() {
    return [this](const schedule::fire& f) {
      store::transaction txn;
      txn.put("sent", std::to_string(1'000'000 + next++), {{"fire", f.id}, {"at", f.now_ms}, {"due", f.scheduled_ms}});
      return txn;
    };
  }
};

std::vector<std::string> fires(const test::memory_store& db) {
  std::vector<std::string> ids;
  for (const auto& [key, value] : db.scan("sent", "")) ids.push_back(value["fire"]);
  return ids;
}

schedule::job make_job(std::string id, std::vector<int> days, int h, int m, std::string zone) {
  schedule::job j;
  j.id = std::move(id);
  j.tenant = "school";
  j.kind = "nudge";
  j.rule.weekdays = std::move(days);
  j.rule.hour = h;
  j.rule.minute = m;
  j.rule.zone = std::move(zone);
  return j;
}

// Runs the clock forward the way the serve loop will: sleep until the next due time, tick.
// Halfway (after `restart_after` fires) the scheduler is dropped and rebuilt from the store.
void run_until(test::memory_store& db, core::manual_clock& clock, sent_log& log, long long end_ms, std::size_t restart_after) {
  auto s = std::make_unique<schedule::scheduler>(db, clock, log.handler());
  s->load();
  std::size_t fired = 0;
  while (auto due = s->next_due_ms()) {
    if (*due > end_ms) break;
    clock.set(core::from_epoch_ms(*due));
    const auto r = s->tick();
    REQUIRE(r.st);
    fired += r.fired;
    if (fired == restart_after) {
      s = std::make_unique<schedule::scheduler>(db, clock, log.handler());
      s->load();
    }
  }
}

}  // namespace

TEST_CASE("a term of weekly fires across Auckland's April change, restart midway: each once, on time",
          "[schedule][scheduler]") {
  test::memory_store db;
  core::manual_clock clock(core::from_epoch_ms(utc(2025, 1, 20, 0, 0)));
  sent_log log;
  auto j = make_job("syndicate", {2}, 15, 30, "Pacific/Auckland");
  j.rule.within = {{{2025, 2, 3}, {2025, 4, 11}}};  // term 1
  {
    schedule::scheduler s(db, clock, log.handler());
    REQUIRE(s.put(j));
  }
  run_until(db, clock, log, utc(2025, 6, 1, 0, 0), 5);
  const auto ids = fires(db);
  REQUIRE(ids.size() == 10);  // Tuesdays 4 Feb .. 8 Apr
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 10);
  CHECK(ids.front() == "syndicate@2025-02-04T15:30");
  CHECK(ids.back() == "syndicate@2025-04-08T15:30");
  const auto nz = *schedule::zone::find("Pacific/Auckland");
  for (const auto& [key, value] : db.scan("sent", "")) {
    const auto local = nz.to_local(value["at"].get<long long>());
    CHECK(local.hour == 15);
    CHECK(local.minute == 30);
  }
  CHECK(db.get(schedule::collection, "school/syndicate")->at("next_due_ms") == 0);  // the term is over
}

TEST_CASE("a London term with half term off, across the October change", "[schedule][scheduler]") {
  test::memory_store db;
  core::manual_clock clock(core::from_epoch_ms(utc(2025, 8, 20, 0, 0)));
  sent_log log;
  auto j = make_job("dept", {4}, 16, 0, "Europe/London");
  j.rule.within = {{{2025, 9, 1}, {2025, 10, 24}}, {{2025, 11, 3}, {2025, 12, 19}}};
  j.rule.except = {{2025, 12, 18}};  // cancelled
  {
    schedule::scheduler s(db, clock, log.handler());
    REQUIRE(s.put(j));
  }
  run_until(db, clock, log, utc(2026, 1, 31, 0, 0), 7);
  const auto ids = fires(db);
  CHECK(ids.size() == 14);  // 8 before half term, 6 after (18 Dec cancelled)
  CHECK(std::find(ids.begin(), ids.end(), "dept@2025-10-30T16:00") == ids.end());
  const auto uk = *schedule::zone::find("Europe/London");
  for (const auto& [key, value] : db.scan("sent", "")) CHECK(uk.to_local(value["at"].get<long long>()).hour == 16);
}

TEST_CASE("after three days down, the latest missed fire within the lateness goes once", "[schedule][scheduler]") {
  test::memory_store db;
  core::manual_clock clock(core::from_epoch_ms(utc(2025, 3, 2, 0, 0)));  // Sunday in Auckland (13:00)
  sent_log log;
  schedule::scheduler_options opts;
  opts.lateness = std::chrono::hours(6);
  schedule::scheduler s(db, clock, log.handler(), opts);
  REQUIRE(s.put(make_job("daily", {1, 2, 3, 4, 5}, 9, 0, "Pacific/Auckland")));
  REQUIRE(s.put(make_job("weekly", {1}, 9, 0, "Pacific/Auckland")));

  // Down from before Monday 09:00 until Thursday 10:00 (NZDT, +13).
  clock.set(core::from_epoch_ms(utc(2025, 3, 5, 21, 0)));
  const auto r = s.tick();
  CHECK(r.fired == 1);
  CHECK(r.skipped == 4);  // Mon, Tue, Wed of daily; Monday of weekly (3 days late)
  CHECK(fires(db) == std::vector<std::string>{"daily@2025-03-06T09:00"});
  CHECK(s.tick().fired == 0);

  // A restart at the same instant sends nothing again.
  schedule::scheduler again(db, clock, log.handler(), opts);
  again.load();
  CHECK(again.tick().fired == 0);
  CHECK(again.find("school/daily")->last_fire_id == "daily@2025-03-06T09:00");
  CHECK(again.find("school/daily")->next_local == "2025-03-07T09:00");
  CHECK(again.find("school/weekly")->next_local == "2025-03-10T09:00");
}

TEST_CASE("a failed commit sends nothing, the same fire goes at the next tick", "[schedule][scheduler]") {
  test::memory_store db;
  core::manual_clock clock(core::from_epoch_ms(utc(2025, 3, 2, 0, 0)));
  sent_log log;
  schedule::scheduler s(db, clock, log.handler());
  REQUIRE(s.put(make_job("weekly", {1}, 9, 0, "Pacific/Auckland")));
  clock.set(core::from_epoch_ms(utc(2025, 3, 2, 20, 1)));
  db.fail_commits = true;
  CHECK_FALSE(s.tick().st);
  CHECK(fires(db).empty());
  db.fail_commits = false;
  CHECK(s.tick().fired == 1);
  CHECK(fires(db) == std::vector<std::string>{"weekly@2025-03-03T09:00"});
}

TEST_CASE("a handler that throws skips that fire and keeps the others going", "[schedule][scheduler]") {
  test::memory_store db;
  core::manual_clock clock(core::from_epoch_ms(utc(2025, 3, 2, 0, 0)));
  sent_log log;
  auto handler = [inner = log.handler()](const schedule::fire& f) {
    if (f.of->kind == "broken") throw std::invalid_argument("bad payload");
    return inner(f);
  };
  schedule::scheduler s(db, clock, handler);
  auto bad = make_job("bad", {1}, 9, 0, "Pacific/Auckland");
  bad.kind = "broken";
  REQUIRE(s.put(bad));
  REQUIRE(s.put(make_job("good", {1}, 9, 0, "Pacific/Auckland")));
  clock.set(core::from_epoch_ms(utc(2025, 3, 2, 20, 0)));
  const auto r = s.tick();
  CHECK(r.failed == 1);
  CHECK(r.fired == 1);
  CHECK(s.find("school/bad")->next_local == "2025-03-10T09:00");
}

TEST_CASE("run-now fires once through the same path and leaves the schedule alone", "[schedule][scheduler]") {
  test::memory_store db;
  core::manual_clock clock(core::from_epoch_ms(utc(2025, 3, 2, 0, 0)));
  sent_log log;
  schedule::scheduler s(db, clock, log.handler());
  REQUIRE(s.put(make_job("weekly", {1}, 9, 0, "Pacific/Auckland")));
  const auto due = s.find("school/weekly")->next_due_ms;
  REQUIRE(s.run_now("school/weekly"));
  CHECK(fires(db) == std::vector<std::string>{"weekly@2025-03-02T13:00!now"});
  CHECK(s.find("school/weekly")->next_due_ms == due);
  CHECK(db.get(schedule::collection, "school/weekly")->at("last_fire_id") == "weekly@2025-03-02T13:00!now");
  CHECK_FALSE(s.run_now("school/none"));
}

TEST_CASE("jobs with problems are refused or kept out of the due index", "[schedule][scheduler]") {
  test::memory_store db;
  core::manual_clock clock;
  sent_log log;
  schedule::scheduler s(db, clock, log.handler());
  CHECK_FALSE(s.put(make_job("a/b", {1}, 9, 0, "Pacific/Auckland")));
  CHECK_FALSE(s.put(make_job("x", {1}, 9, 0, "Atlantis/Capital")));
  store::transaction txn;
  auto j = make_job("x", {1}, 9, 0, "Atlantis/Capital");
  j.next_due_ms = 1;
  txn.put("schedule", j.key(), j);
  db.commit(std::move(txn));
  CHECK(s.load().size() == 1);
  CHECK_FALSE(s.next_due_ms());
  CHECK(s.jobs().size() == 1);
}
