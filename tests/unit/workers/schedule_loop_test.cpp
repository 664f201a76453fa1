// The serve loop's scheduling, without threads: prepare() derives every tenant's jobs from
// its meetings and plans (writing the config's meetings first), step() re-derives tenants
// that changed, and fires hand their outbox keys on.
#include "collab/plan.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "delivery/outbox_entry.hpp"
#include "meetings/meeting.hpp"
#include "support/memory_store.hpp"
#include "unit/schedule/utc.hpp"
#include "workers/retention_sweeper.hpp"
#include "workers/schedule_loop.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <thread>

using namespace commonsbot;
using test::utc;

namespace {

meetings::meeting tuesday_meeting(std::string id) {
  meetings::meeting m;
  m.id = std::move(id);
  m.tenant = "T1";
  m.name = "Years 5-6 syndicate";
  m.when.every = schedule::recurrence::cadence::weekly;
  m.when.weekdays = {2};
  m.when.hour = 8;
  m.when.minute = 15;
  m.when.zone = "Pacific/Auckland";
  m.school_terms_only = false;
  return m;
}

collab::plan open_plan(std::string id, std::string ends, std::string owner) {
  collab::plan p;
  p.id = std::move(id);
  p.tenant = "T1";
  p.title = "Persuasive writing";
  p.owner = owner;
  p.partners = {owner};
  p.ends = std::move(ends);
  return p;
}

template <class Record>
void put_record(test::memory_store& db, std::string_view collection, const std::string& key, const Record& r) {
  store::transaction txn;
  txn.put(std::string(collection), key, nlohmann::json(r));
  REQUIRE(db.commit(std::move(txn)));
}

void erase(test::memory_store& db, std::string_view collection, const std::string& key) {
  store::transaction txn;
  txn.erase(std::string(collection), key);
  REQUIRE(db.commit(std::move(txn)));
}

struct loop_fixture {
  test::memory_store db;
  core::manual_clock clock{core::from_epoch_ms(utc(2027, 2, 10, 0, 0))};
  std::vector<std::string> fired;
  std::vector<std::string> notified;

  loop_fixture() {
    core::person owner;
    owner.tenant = "T1";
    owner.platform = "slack";
    owner.user_id = "U1";
    owner.display_name = "Aroha";
    owner.time_zone = "Europe/London";
    put_record(db, core::collections::people, core::tenant_key("T1", owner.key()), owner);
  }

  workers::schedule_loop_options options(std::vector<meetings::meeting> configured = {}) {
    workers::tenant_schedule t;
    t.id = "T1";
    t.time_zone = "Pacific/Auckland";
    t.meetings = std::move(configured);
    workers::schedule_loop_options o;
    o.tenants = {t};
    o.outbox_notify = [this](std::vector<std::string> keys) { notified.insert(notified.end(), keys.begin(), keys.end()); };
    // Feeds would be fetched here; these tenants have none.
    o.fetch = [](const fetch::request&) { return fetch::result{}; };
    return o;
  }

  // Each fire posts one outbox entry, as a nudge does.
  schedule::fire_handler handler() {
    return [this](const schedule::fire& f) {
      fired.push_back(f.id);
      store::transaction txn;
      core::message m;
      m.text = "nudge " + f.id;
      delivery::enqueue(txn, core::conversation_ref{"slack", "T1", "D1", "U1"}, m, f.now_ms);
      return txn;
    };
  }
};

bool has_job(const workers::schedule_loop& loop, const std::string& key) { return loop.jobs().find(key) != nullptr; }

}  // namespace

TEST_CASE("prepare writes the config's meetings and derives nudge and reflect jobs", "[schedule_loop]") {
  loop_fixture f;
  put_record(f.db, meetings::collection, "T1/m1", tuesday_meeting("m1"));
  put_record(f.db, collab::plans_collection, "T1/p1", open_plan("p1", "2027-03-20", "slack:U1"));
  put_record(f.db, collab::plans_collection, "T1/p2", open_plan("p2", "2027-01-20", "slack:U1"));  // already ended
  auto reflected = open_plan("p3", "2027-03-25", "slack:U1");
  reflected.status = collab::plan_status::reflected;
  put_record(f.db, collab::plans_collection, "T1/p3", reflected);

  workers::schedule_loop loop(f.db, f.clock, f.handler(), f.options({tuesday_meeting("m-cfg")}));
  loop.prepare();

  CHECK(has_job(loop, "T1/nudge-m1-0"));
  CHECK(has_job(loop, "T1/nudge-m-cfg-0"));
  REQUIRE(has_job(loop, "T1/reflect-p1"));
  CHECK_FALSE(has_job(loop, "T1/reflect-p2"));
  CHECK_FALSE(has_job(loop, "T1/reflect-p3"));
  CHECK(loop.jobs().jobs().size() == 3);
  // The owner's zone, not the school's.
  CHECK(loop.jobs().find("T1/reflect-p1")->rule.zone == "Europe/London");
  // The default rule: the day before at 15:00, so Monday 15:00 for a Tuesday meeting.
  CHECK(loop.jobs().find("T1/nudge-m1-0")->next_local == "2027-02-15T15:00");

  const auto stored = f.db.get(meetings::collection, "T1/m-cfg");
  REQUIRE(stored);
  CHECK((*stored)["source"] == "config");
}

TEST_CASE("a changed tenant is re-derived: a removed meeting's job goes, a new plan's job comes", "[schedule_loop]") {
  loop_fixture f;
  put_record(f.db, meetings::collection, "T1/m1", tuesday_meeting("m1"));
  put_record(f.db, meetings::collection, "T1/m2", tuesday_meeting("m2"));
  workers::schedule_loop loop(f.db, f.clock, f.handler(), f.options());
  loop.prepare();
  REQUIRE(has_job(loop, "T1/nudge-m1-0"));
  REQUIRE(has_job(loop, "T1/nudge-m2-0"));

  erase(f.db, meetings::collection, "T1/m1");
  put_record(f.db, collab::plans_collection, "T1/p4", open_plan("p4", "2027-02-26", "slack:U9"));
  loop.step();  // nobody said anything changed: nothing is re-derived
  CHECK(has_job(loop, "T1/nudge-m1-0"));

  loop.changed("T1");
  loop.step();
  CHECK_FALSE(has_job(loop, "T1/nudge-m1-0"));
  CHECK(has_job(loop, "T1/nudge-m2-0"));
  REQUIRE(has_job(loop, "T1/reflect-p4"));
  // An owner the bot has no record of gets the school's zone.
  CHECK(loop.jobs().find("T1/reflect-p4")->rule.zone == "Pacific/Auckland");
  CHECK_FALSE(f.db.get(schedule::collection, "T1/nudge-m1-0"));
}

TEST_CASE("a meeting taken out of the config is erased with its job, other kinds of job stay", "[schedule_loop]") {
  loop_fixture f;
  {
    workers::schedule_loop loop(f.db, f.clock, f.handler(), f.options({tuesday_meeting("m-cfg")}));
    loop.prepare();
    REQUIRE(has_job(loop, "T1/nudge-m-cfg-0"));
  }
  schedule::job message;
  message.id = "staff-notice";
  message.tenant = "T1";
  message.kind = "message";
  message.rule.weekdays = {5};
  message.rule.zone = "Pacific/Auckland";
  put_record(f.db, schedule::collection, message.key(), message);

  workers::schedule_loop loop(f.db, f.clock, f.handler(), f.options());
  loop.prepare();
  CHECK_FALSE(f.db.get(meetings::collection, "T1/m-cfg"));
  CHECK_FALSE(has_job(loop, "T1/nudge-m-cfg-0"));
  CHECK(has_job(loop, "T1/staff-notice"));
}

TEST_CASE("a due fire commits its outbox entry and hands the key on, once", "[schedule_loop]") {
  loop_fixture f;
  put_record(f.db, meetings::collection, "T1/m1", tuesday_meeting("m1"));
  workers::schedule_loop loop(f.db, f.clock, f.handler(), f.options());
  loop.prepare();
  const auto due = loop.jobs().find("T1/nudge-m1-0")->next_due_ms;
  f.clock.set(core::from_epoch_ms(due + 60'000));
  loop.step();
  loop.step();
  REQUIRE(f.fired == std::vector<std::string>{"nudge-m1-0@2027-02-15T15:00"});
  REQUIRE(f.notified.size() == 1);
  CHECK(f.db.get(core::collections::outbox, f.notified.front()));
  CHECK(loop.jobs().find("T1/nudge-m1-0")->next_local == "2027-02-22T15:00");

  // A restart after the fire: nothing goes again.
  workers::schedule_loop again(f.db, f.clock, f.handler(), f.options());
  again.prepare();
  again.step();
  CHECK(f.fired.size() == 1);
}

TEST_CASE("start and stop run the loop on its own thread and pick up changes", "[schedule_loop]") {
  loop_fixture f;
  workers::schedule_loop loop(f.db, f.clock, f.handler(), f.options());
  loop.start();
  put_record(f.db, meetings::collection, "T1/m1", tuesday_meeting("m1"));
  loop.changed("T1");
  bool seen = false;
  for (int i = 0; i < 200 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    seen = f.db.get(schedule::collection, "T1/nudge-m1-0").has_value();
  }
  loop.stop();
  CHECK(seen);
  loop.stop();  // twice is harmless
}

TEST_CASE("each round of the schedule loop runs the retention sweep", "[schedule_loop][retention]") {
  loop_fixture f;
  store::transaction t;
  t.put(std::string(core::collections::dedupe), "T1/slack/old", {{"at_ms", 0}});
  REQUIRE(f.db.commit(std::move(t)));
  workers::retention_sweeper sweeper(f.db, f.clock, {});
  auto opts = f.options();
  opts.sweep = [&sweeper] { sweeper.sweep_if_due(); };
  workers::schedule_loop loop(f.db, f.clock, f.handler(), std::move(opts));
  loop.prepare();
  CHECK(f.db.get(core::collections::dedupe, "T1/slack/old"));  // prepare does not sweep
  loop.step();
  CHECK_FALSE(f.db.get(core::collections::dedupe, "T1/slack/old"));
}
