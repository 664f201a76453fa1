// Time zones from the platform: the action on.time_zone_found through the pipeline (sets an
// empty zone, leaves a chosen one alone, ignores names tzdata does not know), and the
// people_zones worker's step (who it asks, its per-minute budget, a day before asking again,
// a 429 ending the minute).
#include "core/keys.hpp"
#include "core/person.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/zone_actions.hpp"
#include "support/memory_store.hpp"
#include "workers/people_zones.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using nlohmann::json;

namespace {

struct zones_fixture {
  zones_fixture() {
    flows::problem_list problems;
    flows = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
    pipeline::add_zone_actions(actions);
    pipeline::pipeline_options options;
    options.actions = &actions;
    events = std::make_unique<pipeline::pipeline>(db, flows, clock, options);
  }

  void put_person(const std::string& platform, const std::string& user, const std::string& zone) {
    core::person p;
    p.tenant = "T1";
    p.platform = platform;
    p.user_id = user;
    p.display_name = user + " name";
    p.time_zone = zone;
    p.direct = {platform, "T1", "", user};
    store::transaction txn;
    txn.put(std::string(core::collections::people), core::tenant_key("T1", p.key()), p);
    REQUIRE(db.commit(std::move(txn)));
  }

  core::person person(const std::string& platform, const std::string& user) {
    auto j = db.get(core::collections::people, core::tenant_key("T1", platform + ":" + user));
    REQUIRE(j);
    return j->get<core::person>();
  }

  core::outcome found(const std::string& user, const std::string& zone) {
    core::event ev;
    ev.platform = "slack";
    ev.tenant = "T1";
    ev.user_id = user;
    ev.kind = core::event_kind::lifecycle;
    ev.text = pipeline::time_zone_found_event;
    ev.fields["time_zone"] = zone;
    ev.reply = {"slack", "T1", "", user};
    core::outcome result;
    bool called = false;
    events->submit(std::move(ev), [&](core::outcome o) {
      result = std::move(o);
      called = true;
    });
    REQUIRE(called);  // the memory store commits synchronously
    return result;
  }

  test::memory_store db;  // NOLINT
  core::manual_clock clock{core::from_epoch_ms(1'700'000'000'000)};
  flows::flow_registry flows;
  flows::action_registry actions;
  std::unique_ptr<pipeline::pipeline> events;
};

// A source that answers from a table and counts who it was asked about.
struct scripted_source {
  std::map<std::string, workers::zone_answer> answers;
  std::vector<std::string> asked;
  workers::zone_source source() {
    return {"slack", [this](const std::string&, const std::string& user) {
              asked.push_back(user);
              if (auto it = answers.find(user); it != answers.end()) return it->second;
              workers::zone_answer a;
              a.what = workers::zone_answer::kind::found;
              a.time_zone = "Pacific/Auckland";
              return a;
            }};
  }
};

}  // namespace

TEST_CASE("time_zone_found sets an empty zone, and nothing else about the person", "[app][zones]") {
  zones_fixture f;
  f.put_person("slack", "U1", "");
  const auto before = f.person("slack", "U1");
  auto o = f.found("U1", "Europe/London");
  REQUIRE(o.result == core::outcome::status::done);
  CHECK(o.replies.empty());
  const auto after = f.person("slack", "U1");
  CHECK(after.time_zone == "Europe/London");
  CHECK(after.display_name == before.display_name);
  CHECK(after.direct == before.direct);
  CHECK(after.role == before.role);
}

TEST_CASE("time_zone_found leaves a zone the person chose alone", "[app][zones]") {
  zones_fixture f;
  f.put_person("slack", "U1", "Pacific/Chatham");
  REQUIRE(f.found("U1", "Europe/London").result == core::outcome::status::done);
  CHECK(f.person("slack", "U1").time_zone == "Pacific/Chatham");
}

TEST_CASE("time_zone_found ignores a zone tzdata does not know, and an empty one", "[app][zones]") {
  zones_fixture f;
  f.put_person("slack", "U1", "");
  REQUIRE(f.found("U1", "Mars/Olympus_Mons").result == core::outcome::status::done);
  CHECK(f.person("slack", "U1").time_zone.empty());
  REQUIRE(f.found("U1", "").result == core::outcome::status::done);
  CHECK(f.person("slack", "U1").time_zone.empty());
  REQUIRE(f.found("U1", "NZST").result == core::outcome::status::done);  // an abbreviation, not a zone
  CHECK(f.person("slack", "U1").time_zone.empty());
}

TEST_CASE("people_zones asks only platform people with no zone, and applies through the pipeline", "[app][zones]") {
  zones_fixture f;
  f.put_person("slack", "U1", "");
  f.put_person("slack", "U2", "Pacific/Chatham");  // chose one
  f.put_person("console", "ana", "");              // no platform to ask
  scripted_source slack;
  slack.answers["U1"].what = workers::zone_answer::kind::found;
  slack.answers["U1"].time_zone = "Europe/London";
  workers::people_zones zones(f.db, *f.events, f.clock, {slack.source()});

  CHECK(zones.step());
  CHECK_FALSE(zones.step());  // nobody else to ask
  CHECK(slack.asked == std::vector<std::string>{"U1"});
  CHECK(f.person("slack", "U1").time_zone == "Europe/London");
  CHECK(f.person("slack", "U2").time_zone == "Pacific/Chatham");
  CHECK(f.person("console", "ana").time_zone.empty());
}

TEST_CASE("people_zones keeps to its budget a minute and asks nobody twice in a day", "[app][zones]") {
  zones_fixture f;
  for (int i = 0; i < 5; ++i) f.put_person("slack", "U" + std::to_string(i), "");
  scripted_source slack;
  for (int i = 0; i < 5; ++i) slack.answers["U" + std::to_string(i)].what = workers::zone_answer::kind::none;
  workers::people_zones_options opts;
  opts.per_minute = 2;
  workers::people_zones zones(f.db, *f.events, f.clock, {slack.source()}, opts);

  CHECK(zones.step());
  CHECK(zones.step());
  CHECK_FALSE(zones.step());  // the minute's two are used
  CHECK(slack.asked.size() == 2);
  f.clock.advance(std::chrono::seconds(61));
  CHECK(zones.step());
  CHECK(zones.step());
  f.clock.advance(std::chrono::seconds(61));
  CHECK(zones.step());
  CHECK(slack.asked.size() == 5);
  // Slack had no zone for anyone: nobody is asked again until a day has passed.
  f.clock.advance(std::chrono::minutes(10));
  CHECK_FALSE(zones.step());
  f.clock.advance(std::chrono::hours(24));
  CHECK(zones.step());
  CHECK(slack.asked.size() == 6);
}

TEST_CASE("people_zones stops for the minute when rate limited", "[app][zones]") {
  zones_fixture f;
  f.put_person("slack", "U1", "");
  f.put_person("slack", "U2", "");
  scripted_source slack;
  slack.answers["U1"].what = workers::zone_answer::kind::rate_limited;
  workers::people_zones zones(f.db, *f.events, f.clock, {slack.source()});
  CHECK(zones.step());
  CHECK_FALSE(zones.step());
  f.clock.advance(std::chrono::seconds(61));
  CHECK(zones.step());
  CHECK(slack.asked == std::vector<std::string>{"U1", "U2"});
  CHECK(f.person("slack", "U2").time_zone == "Pacific/Auckland");
}
