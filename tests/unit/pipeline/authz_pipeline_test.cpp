// Authorisation through the pipeline: forged record buttons (a report for a teacher, a
// lifecycle action, another tenant named in the payload) are refused kindly and change
// nothing; people from another workspace are refused and never stored; a demoted admin
// cannot finish /library role; the org a tenant is first seen in is kept.
#include "adapters/slack/installations.hpp"
#include "collab/actions_by_area.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/tenant_orgs.hpp"
#include "pipeline/workspace_actions.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using nlohmann::json;

namespace {

constexpr const char* authz_button_refusal = "That button isn't available to you.";

struct authz_fixture {
  explicit authz_fixture(std::set<std::string> outsiders_allowed = {}) {
    flows::problem_list problems;
    flows = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
    collab::detail::add_report_actions(actions, services);
    collab::detail::add_role_actions(actions, services);
    pipeline::add_workspace_actions(actions);
    pipeline::pipeline_options options;
    options.actions = &actions;
    options.seed_roles["school"]["tama"] = core::role::admin;
    options.seed_roles["school"]["aroha"] = core::role::library_staff;
    options.outsiders_allowed = std::move(outsiders_allowed);
    events = std::make_unique<pipeline::pipeline>(db, flows, clock, options);
  }

  core::event from(const std::string& user, const std::string& delivery) {
    core::event ev;
    ev.platform = "slack";
    ev.tenant = "school";
    ev.conversation_id = "dm-" + user;
    ev.user_id = user;
    ev.user_name = user;
    ev.delivery_id = delivery;
    ev.reply = {"slack", "school", ev.conversation_id, user, "", "", ""};
    return ev;
  }
  core::event press(const std::string& user, const std::string& action, const std::string& payload,
                    const std::string& delivery) {
    auto ev = from(user, delivery);
    ev.kind = core::event_kind::action;
    ev.action_id = flows::record_button(action, payload);
    return ev;
  }
  core::event say(const std::string& user, const std::string& line, const std::string& delivery) {
    auto ev = from(user, delivery);
    if (line.front() == '/') {
      ev.kind = core::event_kind::command;
      core::parse_command_text(line, ev.command, ev.args);
    } else {
      ev.kind = core::event_kind::message;
      ev.text = line;
    }
    return ev;
  }

  core::outcome send(core::event ev) {
    core::outcome result;
    bool called = false;
    events->submit(std::move(ev), [&](core::outcome o) {
      result = std::move(o);
      called = true;
    });
    REQUIRE(called);  // the memory store commits synchronously
    return result;
  }

  void put(const std::string& collection, const std::string& key, json value) {
    store::transaction txn;
    txn.put(collection, key, std::move(value));
    REQUIRE(db.commit(std::move(txn)));
  }
  core::person person(const std::string& user) {
    auto j = db.get(core::collections::people, core::tenant_key("school", "slack:" + user));
    REQUIRE(j);
    return j->get<core::person>();
  }

  test::memory_store db;  // NOLINT
  core::manual_clock clock{core::from_epoch_ms(1'700'000'000'000)};
  flows::flow_registry flows;
  collab::services services;
  flows::action_registry actions;
  std::unique_ptr<pipeline::pipeline> events;
};

}  // namespace

TEST_CASE("authz: a teacher pressing a forged report button is refused and sees no report", "[app][authz]") {
  authz_fixture f;
  auto out = f.send(f.press("mere", "report.show", "{}", "forged-1"));
  REQUIRE(out.result == core::outcome::status::done);
  REQUIRE(out.replies.size() == 1);
  CHECK(out.replies[0].text == authz_button_refusal);
  CHECK_FALSE(out.replies[0].replace_original);
  CHECK(f.db.count(core::collections::sessions) == 0);
  CHECK(f.db.count(core::collections::outbox) == 0);
  // Even library staff cannot reach a flow step through a button.
  auto staff = f.send(f.press("aroha", "report.show", "{}", "forged-2"));
  CHECK(staff.replies.at(0).text == authz_button_refusal);
}

TEST_CASE("authz: a forged uninstall button naming another org erases nothing", "[app][authz]") {
  authz_fixture f;
  const std::string installs(adapters::slack::installations_collection);
  f.put(installs, "E-other:-", {{"enterprise_id", "E-other"}, {"enterprise_install", true}, {"bot_token", "xoxb-o"}});
  f.put(installs, "-:school", {{"team_id", "school"}, {"bot_token", "xoxb-s"}});
  f.send(f.say("tama", "/library role", "start-1"));  // an open session, which a forget would erase
  REQUIRE(f.db.count(core::collections::sessions) == 1);
  for (const char* who : {"mere", "tama"}) {
    auto out = f.send(f.press(who, "on.uninstalled", R"({"enterprise_id":"E-other","enterprise_install":"true"})",
                              std::string("forged-") + who));
    REQUIRE(out.replies.size() == 1);
    CHECK(out.replies[0].text == authz_button_refusal);
  }
  CHECK(f.db.get(installs, "E-other:-"));
  CHECK(f.db.get(installs, "-:school"));
  CHECK(f.db.count(core::collections::sessions) == 1);
}

TEST_CASE("authz: a lifecycle event whose fields name another org erases nothing", "[app][authz]") {
  authz_fixture f;
  const std::string installs(adapters::slack::installations_collection);
  f.put(installs, "E-other:-", {{"enterprise_id", "E-other"}, {"enterprise_install", true}, {"bot_token", "xoxb-o"}});
  auto ev = f.from("", "uninstall-1");
  ev.kind = core::event_kind::lifecycle;
  ev.text = "uninstalled";
  ev.org = "E1";
  ev.fields = {{"enterprise_id", "E-other"}, {"enterprise_install", "true"}};
  f.send(ev);
  CHECK(f.db.get(installs, "E-other:-"));
  // Its own org's install goes.
  f.put(installs, "E1:-", {{"enterprise_id", "E1"}, {"enterprise_install", true}, {"bot_token", "xoxb-1"}});
  ev.delivery_id = "uninstall-2";
  ev.fields["enterprise_id"] = "E1";
  f.send(ev);
  CHECK_FALSE(f.db.get(installs, "E1:-"));
  CHECK(f.db.get(installs, "E-other:-"));
}

TEST_CASE("authz: a person from another workspace is refused politely and nothing is stored", "[app][authz]") {
  authz_fixture f;
  auto ev = f.say("guest", "/library help", "guest-1");
  ev.user_tenant = "T-elsewhere";
  auto out = f.send(ev);
  REQUIRE(out.result == core::outcome::status::done);
  REQUIRE(out.replies.size() == 1);
  CHECK(out.replies[0].text.find("this school's own workspace") != std::string::npos);
  CHECK(f.db.count(core::collections::people) == 0);
  CHECK(f.db.count(core::collections::sessions) == 0);
  // A flow they would start, a button they would press: the same.
  auto role = f.say("guest", "/library role", "guest-2");
  role.user_tenant = "T-elsewhere";
  CHECK(f.send(role).replies.at(0).text == out.replies[0].text);
  CHECK(f.db.count(core::collections::sessions) == 0);
  CHECK(f.db.count(core::collections::people) == 0);
  // Someone whose own workspace is this one is welcome.
  auto member = f.say("mere", "/library help", "member-1");
  member.user_tenant = "school";
  f.send(member);
  CHECK(f.db.count(core::collections::people) == 1);
}

TEST_CASE("authz: allow_guests lets people from another workspace in", "[app][authz]") {
  authz_fixture f({"slack"});
  auto ev = f.say("guest", "/library help", "guest-1");
  ev.user_tenant = "T-elsewhere";
  auto out = f.send(ev);
  REQUIRE_FALSE(out.replies.empty());
  CHECK(out.replies[0].text.find("this school's own workspace") == std::string::npos);
  CHECK(f.db.count(core::collections::people) == 1);
}

TEST_CASE("authz: an admin demoted mid-way cannot finish /library role", "[app][authz]") {
  authz_fixture f;
  f.send(f.say("mere", "hello", "mere-1"));  // Mere is known, as a teacher
  auto asked = f.send(f.say("tama", "/library role mere leader", "tama-1"));
  REQUIRE(f.db.count(core::collections::sessions) == 1);
  // Someone demotes Tama before they confirm.
  auto tama = f.person("tama");
  REQUIRE(tama.role == core::role::admin);
  tama.role = core::role::teacher;
  f.put(std::string(core::collections::people), core::tenant_key("school", "slack:tama"), tama);

  auto confirmed = f.send(f.say("tama", "yes", "tama-2"));
  REQUIRE_FALSE(confirmed.replies.empty());
  CHECK(confirmed.replies[0].text.find("is for") != std::string::npos);
  CHECK(f.person("mere").role == core::role::teacher);
  CHECK(f.db.count(core::collections::sessions) == 0);
}

TEST_CASE("authz: the org a tenant is first seen in is kept, and never overwritten", "[app][authz]") {
  authz_fixture f;
  auto ev = f.say("mere", "/library help", "org-1");
  ev.org = "E1";
  f.send(ev);
  CHECK(pipeline::org_of(f.db, "slack", "school") == "E1");
  auto later = f.say("mere", "/library help", "org-2");
  later.org = "E2";
  f.send(later);
  CHECK(pipeline::org_of(f.db, "slack", "school") == "E1");
  CHECK(pipeline::org_of(f.db, "teams", "school").empty());
}
