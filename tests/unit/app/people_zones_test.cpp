// Time zones from the platform: the action on.time_zone_found through the pipeline (sets an
// empty zone, leaves a chosen one alone, ignores names tzdata does not know), and the
// people_zones worker's step (who it asks, its per-minute budget, a day before asking again,
// a 429 ending the minute).
#include "app/people_zones.hpp"
#include "app/pipeline.hpp"
#include "app/zone_actions.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using nlohmann::json;

namespace {

struct zones_fixture {
  zones_fixture() {
    flows::problem_list problems;
    flows = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
    app::add_zone_actions(actions);
    app::pipeline_options options;
    options.actions = &actions;
    events = std::make_unique<app::pipeline>(db, flows, clock, options);
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
    ev.text = app::time_zone_found_event;
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
  std::unique_ptr<app::pipeline> events;
};

// A source that answers from a table and counts who it was asked about.
struct scripted_source {
  std::map<std::string, app::zone_answer> answers;
  std::vector<std::string> asked;
  app::zone_source source() {
    return {"slack", [this](const std::string&, const std::string& user) {
              asked.push_back(user);
              if (auto it = answers.find(user); it != answers.end()) return it->second;
              app::zone_answer a;
              a.what = app::zone_answer::kind::found;
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
  slack.answers["U1"].what = app::zone_answer::kind::found;
  slack.answers["U1"].time_zone = "Europe/London";
  app::people_zones zones(f.db, *f.events, f.clock, {slack.source()});

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
  for (int i = 0; i < 5; ++i) slack.answers["U" + std::to_string(i)].what = app::zone_answer::kind::none;
  app::people_zones_options opts;
  opts.per_minute = 2;
  app::people_zones zones(f.db, *f.events, f.clock, {slack.source()}, opts);

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
  slack.answers["U1"].what = app::zone_answer::kind::rate_limited;
  app::people_zones zones(f.db, *f.events, f.clock, {slack.source()});
  CHECK(zones.step());
  CHECK_FALSE(zones.step());
  f.clock.advance(std::chrono::seconds(61));
  CHECK(zones.step());
  CHECK(slack.asked == std::vector<std::string>{"U1", "U2"});
  CHECK(f.person("slack", "U2").time_zone == "Pacific/Auckland");
}

TEST_CASE("slack_zone_source asks users.info with the workspace's token, and only where it has one", "[app][zones]") {
  std::vector<fetch::request> seen;
  auto fake = [&seen](const fetch::request& r) {
    seen.push_back(r);
    fetch::result out;
    out.what = fetch::result::outcome::fetched;
    out.status = 200;
    out.body = R"({"ok":true,"user":{"id":"U1","tz":"Europe/London","tz_offset":0}})";
    return out;
  };
  adapters::slack::settings s;
  s.bot_token = adapters::slack::secret_value("xoxb-one");
  s.team_id = "T1";
  s.api_base_url = "https://slack.test/api";
  auto source = app::slack_zone_source(s.api_base_url, app::single_workspace_token(s), fake);
  const auto a = source.ask("T1", "U1");
  CHECK(a.what == app::zone_answer::kind::found);
  CHECK(a.time_zone == "Europe/London");
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].url == "https://slack.test/api/users.info?user=U1");
  REQUIRE(seen[0].headers.size() == 1);
  CHECK(seen[0].headers[0].second == "Bearer xoxb-one");
  // Another workspace: this single-workspace token is not theirs, so nobody is asked.
  CHECK(source.ask("T2", "U9").what == app::zone_answer::kind::none);
  CHECK(seen.size() == 1);
}
