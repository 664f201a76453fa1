// Digests in the serve loop, without threads: a subscribed profile gets a "digest" job when
// the tenant is derived; at its time the fire queues the digest and moves the watermark in
// one commit (the worker is told the outbox key); unsubscribing removes the job.
#include "catalogue/catalogue.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "digest/digest_jobs.hpp"
#include "digest/profile.hpp"
#include "flows/flow_registry.hpp"
#include "support/memory_store.hpp"
#include "unit/schedule/utc.hpp"
#include "workers/schedule_fire.hpp"
#include "workers/schedule_loop.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using test::utc;

namespace {

template <class Record>
void put(test::memory_store& db, std::string_view collection, const std::string& key, const Record& r) {
  store::transaction txn;
  txn.put(std::string(collection), key, nlohmann::json(r));
  REQUIRE(db.commit(std::move(txn)));
}

}  // namespace

TEST_CASE("the serve loop schedules, fires and removes digest jobs", "[schedule_loop][digest]") {
  test::memory_store db;
  core::manual_clock clock{core::from_epoch_ms(utc(2027, 2, 10, 0, 0))};  // a Wednesday
  flows::problem_list problems;
  const auto reg = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
  catalogue::catalogue cat;
  catalogue::resource r;
  r.title = "Rock cycle poster";
  r.link = "https://lib.example.nz/rock";
  r.learning_areas = {"Science"};
  r.year_levels = {5};
  r.added = "2027-02-12";
  catalogue::normalise(r);
  cat.upsert("T1", r);
  collab::services services;
  services.resources = &cat;
  digest::context digests;
  digests.services = &services;
  digests.messages = &reg.messages();
  nudges::context nudges;
  nudges.db = &db;

  core::person ana;
  ana.tenant = "T1";
  ana.platform = "slack";
  ana.user_id = "U1";
  ana.display_name = "Ana";
  ana.direct = core::conversation_ref("slack", "T1", "D1", "U1");
  put(db, core::collections::people, core::tenant_key("T1", ana.key()), ana);
  auto p = digest::new_profile("T1", "slack:U1", {"science"}, {"Year 5"});
  p.subscribed = true;
  p.weekday = 1;
  p.time = "08:00";
  put(db, digest::profiles_collection, digest::profile_key("T1", "slack:U1"), p);
  digest::sent_state before;
  before.last_sent_added = "2027-02-01";
  put(db, digest::sent_collection, digest::profile_key("T1", "slack:U1"), before);

  std::vector<std::string> notified;
  workers::schedule_loop_options o;
  workers::tenant_schedule t;
  t.id = "T1";
  t.time_zone = "Pacific/Auckland";
  o.tenants = {t};
  o.outbox_notify = [&](std::vector<std::string> keys) { notified.insert(notified.end(), keys.begin(), keys.end()); };
  o.fetch = [](const fetch::request&) { return fetch::result{}; };
  workers::schedule_loop loop(db, clock, workers::schedule_fire_handler(nudges, &digests), o);
  loop.prepare();
  const auto* job = loop.jobs().find("T1/digest-slack:U1");
  REQUIRE(job);
  CHECK(job->kind == "digest");
  CHECK(job->next_local == "2027-02-15T08:00");
  CHECK(job->next_due_ms == utc(2027, 2, 14, 19, 0));  // 08:00 NZDT

  clock.set(core::from_epoch_ms(utc(2027, 2, 14, 19, 1)));
  loop.step();
  REQUIRE(notified.size() == 1);
  CHECK(db.count(core::collections::outbox) == 1);
  const auto sent = digest::read_sent(*db.get(digest::sent_collection, "T1/slack:U1"));
  REQUIRE(sent);
  CHECK(sent->sent == std::vector<std::string>{r.id});
  CHECK(sent->last_sent_added == "2027-02-12");
  const auto after = digest::read_profile(*db.get(digest::profiles_collection, "T1/slack:U1"));
  REQUIRE(after);
  CHECK(*after == p);  // sending never writes the profile
  CHECK(loop.jobs().find("T1/digest-slack:U1")->last_fire_id == "digest-slack:U1@2027-02-15T08:00");

  // A week later nothing new: no message.
  clock.set(core::from_epoch_ms(utc(2027, 2, 21, 19, 1)));
  loop.step();
  CHECK(db.count(core::collections::outbox) == 1);

  auto off = *after;
  off.subscribed = false;
  put(db, digest::profiles_collection, "T1/slack:U1", off);
  loop.changed("T1");
  loop.step();
  CHECK_FALSE(loop.jobs().find("T1/digest-slack:U1"));
}
