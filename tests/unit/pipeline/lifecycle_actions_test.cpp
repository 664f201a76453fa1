// Lifecycle events through the pipeline: the Home page drawn from the person's records, a
// workspace's uninstall forgetting its sessions and dead-lettering what it was still owed,
// and a record button's first reply marked to replace the message it was on.
#include "adapters/slack/installations.hpp"
#include "collab/actions_by_area.hpp"
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "flows/engine.hpp"
#include "pipeline/conversation_actions.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/workspace_actions.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using nlohmann::json;

namespace {

struct lifecycle_fixture {
  lifecycle_fixture() {
    flows::problem_list problems;
    flows = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
    collab::detail::add_home_actions(actions, services);
    pipeline::add_workspace_actions(actions);
    pipeline::add_conversation_actions(actions);
    actions.add_button("test.tick", [](flows::action_call&) {
      flows::action_result r;
      r.replies.resize(2);
      r.replies[0].text = "the card, redrawn";
      r.replies[1].text = "a note after it";
      return r;
    });
    pipeline::pipeline_options options;
    options.actions = &actions;
    options.seed_roles["school"]["aroha"] = core::role::library_staff;
    events = std::make_unique<pipeline::pipeline>(db, flows, clock, options);
  }

  core::event lifecycle(const std::string& what, const std::string& user, const std::string& delivery) {
    core::event ev;
    ev.platform = "test";
    ev.tenant = "school";
    ev.user_id = user;
    ev.kind = core::event_kind::lifecycle;
    ev.text = what;
    ev.delivery_id = delivery;
    ev.reply = {"test", "school", "", user};
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

  test::memory_store db;  // NOLINT
  core::manual_clock clock{core::from_epoch_ms(1'700'000'000'000)};
  flows::flow_registry flows;
  collab::services services;
  flows::action_registry actions;
  std::unique_ptr<pipeline::pipeline> events;
};

json plan(const std::string& id, const std::string& title, std::vector<std::string> partners, const std::string& status) {
  return {{"id", id},         {"tenant", "school"},    {"title", title},
          {"partners", partners}, {"status", status},
          {"checklist", json::array({{{"id", "outcomes"}, {"ticked", true}}, {{"id", "resources"}, {"ticked", false}}})}};
}

}  // namespace

TEST_CASE("home_opened draws the person's open plans, profile and what they can do now", "[app][lifecycle]") {
  lifecycle_fixture f;
  f.put("plans", "school/p1", plan("p1", "Rivers", {"test:aroha", "test:sam"}, "open"));
  f.put("plans", "school/p2", plan("p2", "Old unit", {"test:aroha"}, "reflected"));
  f.put("plans", "school/p3", plan("p3", "Volcanoes", {"test:sam"}, "open"));
  f.put("plans", "other/p4", plan("p4", "Elsewhere", {"test:aroha"}, "open"));

  auto home = f.send(f.lifecycle("home_opened", "aroha", "ev-home-1"));
  REQUIRE(home.result == core::outcome::status::done);
  REQUIRE(home.replies.size() == 1);
  const auto& page = home.replies[0];
  CHECK(page.surface == core::home_surface);
  const std::string all = core::plain_text(page);
  CHECK(all.find("Rivers (p1): 1 of 2 steps ticked") != std::string::npos);
  CHECK(all.find("Old unit") == std::string::npos);    // reflected: done with
  CHECK(all.find("Volcanoes") == std::string::npos);   // not a partner
  CHECK(all.find("Elsewhere") == std::string::npos);   // another school
  CHECK(all.find("/library profile") != std::string::npos);
  CHECK(all.find("coming soon") == std::string::npos);
  CHECK(all.find("Role: library staff") != std::string::npos);

  // A retry of the same event draws nothing again.
  CHECK(f.send(f.lifecycle("home_opened", "aroha", "ev-home-1")).result == core::outcome::status::duplicate);
}

TEST_CASE("uninstalled forgets the workspace's sessions and dead-letters its outbox", "[app][lifecycle]") {
  lifecycle_fixture f;
  f.put("sessions", "school/test/C1/aroha", {{"flow", "starters"}, {"step", "where"}});
  f.put("sessions", "school/other/C1/aroha", {{"flow", "starters"}});  // another platform
  {
    store::transaction txn;
    core::message owed, elsewhere;
    owed.text = "owed";
    elsewhere.text = "elsewhere";
    delivery::enqueue(txn, {"test", "school", "C1", "aroha"}, owed, 1);
    delivery::enqueue(txn, {"test", "other", "C1", "aroha"}, elsewhere, 1);
    REQUIRE(f.db.commit(std::move(txn)));
  }

  auto gone = f.send(f.lifecycle("uninstalled", "", "ev-uninstall-1"));
  REQUIRE(gone.result == core::outcome::status::done);
  CHECK(gone.replies.empty());
  CHECK_FALSE(f.db.get("sessions", "school/test/C1/aroha"));
  CHECK(f.db.get("sessions", "school/other/C1/aroha"));
  CHECK(f.db.scan(core::collections::outbox, "school/").empty());
  CHECK(f.db.scan(core::collections::outbox, "other/").size() == 1);
  auto dead = f.db.scan(delivery::dead_letters_collection, "school/");
  REQUIRE(dead.size() == 1);
  CHECK(dead[0].second["reason"].get<std::string>().find("uninstalled the app") != std::string::npos);
  CHECK(dead[0].second["entry"]["message"]["text"] == "owed");
  CHECK(f.db.count(core::collections::people) == 0);  // nobody was made up for it
  CHECK(f.db.count(core::collections::dedupe) == 1);
}

TEST_CASE("tokens_revoked forgets the workspace only when the bot's token went", "[app][lifecycle]") {
  lifecycle_fixture f;
  f.put("sessions", "school/test/C1/aroha", {{"flow", "starters"}});
  auto users = f.lifecycle("tokens_revoked", "", "ev-revoke-1");
  users.fields = {{"oauth", "U1,U2"}, {"bot", ""}};
  f.send(users);
  CHECK(f.db.get("sessions", "school/test/C1/aroha"));

  auto bot = f.lifecycle("tokens_revoked", "", "ev-revoke-2");
  bot.fields = {{"oauth", ""}, {"bot", "UBOT"}};
  f.send(bot);
  CHECK_FALSE(f.db.get("sessions", "school/test/C1/aroha"));
}

TEST_CASE("an org-wide install's uninstall erases the org's installation", "[app][lifecycle]") {
  lifecycle_fixture f;
  const std::string installs(adapters::slack::installations_collection);
  f.put(installs, "E1:-", {{"enterprise_id", "E1"}, {"team_id", ""}, {"enterprise_install", true}, {"bot_token", "xoxb-org"}});
  f.put(installs, "E2:-", {{"enterprise_id", "E2"}, {"team_id", ""}, {"enterprise_install", true}, {"bot_token", "xoxb-other"}});
  f.put(installs, "E1:T7", {{"enterprise_id", "E1"}, {"team_id", "T7"}, {"bot_token", "xoxb-workspace"}});
  const auto slack_event = [&](const std::string& what, const std::string& delivery) {
    auto ev = f.lifecycle(what, "", delivery);
    ev.platform = "slack";
    ev.reply.platform = "slack";
    return ev;
  };

  // A workspace's own uninstall leaves the org's install alone (it serves the org's others).
  f.send(slack_event("uninstalled", "ev-ws-1"));
  CHECK(f.db.get(installs, "E1:-"));

  auto org = slack_event("uninstalled", "ev-org-1");
  org.fields = {{"enterprise_id", "E1"}, {"enterprise_install", "true"}};
  org.org = "E1";  // the verified envelope's enterprise
  REQUIRE(f.send(org).result == core::outcome::status::done);
  CHECK_FALSE(f.db.get(installs, "E1:-"));
  CHECK(f.db.get(installs, "E2:-"));   // another org
  CHECK(f.db.get(installs, "E1:T7"));  // a workspace install of its own

  auto revoked = slack_event("tokens_revoked", "ev-org-2");
  revoked.fields = {{"bot", "UBOT"}, {"oauth", ""}, {"enterprise_id", "E2"}, {"enterprise_install", "true"}};
  revoked.org = "E2";
  f.send(revoked);
  CHECK_FALSE(f.db.get(installs, "E2:-"));
}

TEST_CASE("a record button's first reply replaces the message it was on", "[app][lifecycle]") {
  lifecycle_fixture f;
  core::event ev = f.lifecycle("", "aroha", "press-1");
  ev.kind = core::event_kind::action;
  ev.action_id = flows::record_button("test.tick", "x");
  auto pressed = f.send(ev);
  REQUIRE(pressed.replies.size() == 2);
  CHECK(pressed.replies[0].replace_original);
  CHECK_FALSE(pressed.replies[1].replace_original);

  // An action nobody registered says it is gone, and that must not wipe the card out.
  ev.delivery_id = "press-2";
  ev.action_id = flows::record_button("plans.nothing", "x");
  auto unknown = f.send(ev);
  REQUIRE(unknown.replies.size() == 1);
  CHECK_FALSE(unknown.replies[0].replace_original);
}

TEST_CASE("a conversation added keeps its reference and says welcome, removed, it is forgotten", "[app][lifecycle]") {
  lifecycle_fixture f;
  auto added = f.lifecycle("conversation_added", "aroha", "ev-add-1");
  added.fields = {{"conversation_id", "19:staff@thread.tacv2"}, {"service_url", "https://smba.example/emea/"},
                  {"bot_id", "28:bot"}, {"conversation_type", "channel"}, {"conversation_name", "Staff room"}};
  auto welcome = f.send(added);
  REQUIRE(welcome.result == core::outcome::status::done);
  REQUIRE(welcome.replies.size() == 1);
  CHECK(core::plain_text(welcome.replies[0]).find("library help") != std::string::npos);
  const auto ref = f.db.get("conversations", "school/test/19:staff@thread.tacv2");
  REQUIRE(ref);
  CHECK(ref->at("ref").at("service_url") == "https://smba.example/emea/");
  CHECK(ref->at("type") == "channel");

  // A session there, another elsewhere, and a message still owed to the conversation.
  f.put("sessions", "school/test/19:staff@thread.tacv2/aroha", {{"flow", "starters"}, {"step", "where"}});
  f.put("sessions", "school/test/a:dm/aroha", {{"flow", "starters"}, {"step", "where"}});
  {
    store::transaction txn;
    core::message owed, other;
    owed.text = "owed";
    other.text = "to the DM";
    delivery::enqueue(txn, {"test", "school", "19:staff@thread.tacv2", "aroha"}, owed, 1);
    delivery::enqueue(txn, {"test", "school", "a:dm", "aroha"}, other, 2);
    REQUIRE(f.db.commit(std::move(txn)));
  }
  auto removed = f.lifecycle("conversation_removed", "aroha", "ev-remove-1");
  removed.fields = {{"conversation_id", "19:staff@thread.tacv2"}};
  REQUIRE(f.send(removed).result == core::outcome::status::done);
  CHECK_FALSE(f.db.get("conversations", "school/test/19:staff@thread.tacv2"));
  CHECK_FALSE(f.db.get("sessions", "school/test/19:staff@thread.tacv2/aroha"));
  CHECK(f.db.get("sessions", "school/test/a:dm/aroha"));
  CHECK(f.db.scan(core::collections::outbox, "school/").size() == 1);  // the DM's message stays
  CHECK(f.db.scan(std::string(delivery::dead_letters_collection), "school/").size() == 1);
}
