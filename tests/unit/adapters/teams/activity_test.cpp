// Activities as Teams posts them -> the events the pipeline runs: commands with or without
// the slash, the bot's own mention removed and colleagues' kept, card presses, install and
// removal, invokes, tenants outside the allow-list, and the kinds that are only ignored.
#include "adapters/teams/activity.hpp"
#include "adapters/teams/card_actions.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using namespace commonsbot::adapters::teams;
using nlohmann::json;

namespace {

constexpr const char* act_bot = "28:11111111-2222-3333-4444-555555555555";
constexpr const char* act_tenant = "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f";

settings act_settings() {
  settings s;
  s.app_id = "11111111-2222-3333-4444-555555555555";
  s.tenant_id = act_tenant;
  return s;
}

json act_message(std::string text, std::string type = "personal") {
  return json{{"type", "message"},
              {"id", "1732701234567"},
              {"serviceUrl", "https://smba.trafficmanager.net/emea/"},
              {"channelId", "msteams"},
              {"from", {{"id", "29:jana"}, {"name", "Jana Teacher"}, {"aadObjectId", "6f1c"}}},
              {"conversation", {{"id", type == "personal" ? "a:1xyz" : "19:abc@thread.tacv2"},
                                {"conversationType", type}, {"tenantId", act_tenant}}},
              {"recipient", {{"id", act_bot}, {"name", "Commons Bot"}}},
              {"text", std::move(text)},
              {"localTimezone", "Pacific/Auckland"},
              {"channelData", {{"tenant", {{"id", act_tenant}}}}}};
}

json act_mention(const std::string& id, const std::string& name) {
  return {{"type", "mention"}, {"text", "<at>" + name + "</at>"}, {"mentioned", {{"id", id}, {"name", name}}}};
}

}  // namespace

TEST_CASE("teams activity: library words are commands, with or without the slash", "[teams][activity]") {
  for (const char* text : {"library plan Rivers", "/library plan Rivers", "Library  plan Rivers"}) {
    auto in = parse_activity(act_message(text), act_settings());
    REQUIRE(in.events.size() == 1);
    const auto& ev = in.events[0];
    CHECK(ev.kind == core::event_kind::command);
    CHECK(ev.command == "plan");
    CHECK(ev.args == std::vector<std::string>{"Rivers"});
    CHECK(ev.platform == "teams");
    CHECK(ev.tenant == act_tenant);
    CHECK(ev.user_id == "29:jana");
    CHECK(ev.user_name == "Jana Teacher");
    CHECK(ev.delivery_id == "1732701234567");
    CHECK(ev.inline_replies == 0);
    CHECK(ev.reply.service_url == "https://smba.trafficmanager.net/emea/");
    CHECK(ev.reply.bot_id == act_bot);
    CHECK(ev.reply.conversation_id == "a:1xyz");
    CHECK(ev.time_zone == "Pacific/Auckland");
    CHECK(in.ack == adapters::ack_style::empty);
  }
  auto answer = parse_activity(act_message("librarian"), act_settings());
  REQUIRE(answer.events.size() == 1);
  CHECK(answer.events[0].kind == core::event_kind::message);  // "librarian" is not "library"
  CHECK(answer.events[0].text == "librarian");
}

TEST_CASE("teams activity: the bot's own mention goes, a colleague's stays", "[teams][activity]") {
  auto a = act_message("<at>Commons Bot</at> library log with <at>Tama</at>", "channel");
  a["entities"] = json::array({act_mention(act_bot, "Commons Bot"), act_mention("29:tama", "Tama"),
                               {{"type", "clientInfo"}, {"timezone", "Europe/London"}}});
  a.erase("localTimezone");
  auto in = parse_activity(a, act_settings());
  REQUIRE(in.events.size() == 1);
  CHECK(in.events[0].kind == core::event_kind::command);
  CHECK(in.events[0].command == "log");
  CHECK(in.events[0].text == "log with <at>Tama</at>");
  CHECK(in.events[0].time_zone == "Europe/London");  // from the clientInfo entity
  // Mention markup alone, with no entity saying it is the bot, is left as typed.
  auto spoofed = act_message("<at>Commons Bot</at> library help", "channel");
  auto kept = parse_activity(spoofed, act_settings());
  REQUIRE(kept.events.size() == 1);
  CHECK(kept.events[0].kind == core::event_kind::message);
}

TEST_CASE("teams activity: a card's button becomes the action it carries", "[teams][activity]") {
  auto a = act_message("");
  a.erase("text");
  a["replyToId"] = "card-7";
  core::choice c{"do:plans.tick|p3/outcomes", "Tick", "outcomes"};
  a["value"] = button_data(c);
  auto in = parse_activity(a, act_settings());
  REQUIRE(in.events.size() == 1);
  CHECK(in.events[0].kind == core::event_kind::action);
  CHECK(in.events[0].action_id == "do:plans.tick|p3/outcomes");
  CHECK(in.events[0].action_value == "outcomes");
  CHECK(in.events[0].reply.message_id == "card-7");  // so the redrawn card replaces it
  // Someone else's data, or none: nothing to do.
  a["value"] = {{"anything", 1}};
  CHECK(parse_activity(a, act_settings()).events.empty());
}

TEST_CASE("teams activity: install and removal are lifecycle events for that conversation", "[teams][activity]") {
  auto add = act_message("", "channel");
  add["type"] = "installationUpdate";
  add["action"] = "add";
  auto in = parse_activity(add, act_settings());
  REQUIRE(in.events.size() == 1);
  CHECK(in.events[0].kind == core::event_kind::lifecycle);
  CHECK(in.events[0].text == conversation_added);
  CHECK(in.events[0].fields.at("conversation_id") == "19:abc@thread.tacv2");
  CHECK(in.events[0].fields.at("service_url") == "https://smba.trafficmanager.net/emea/");
  CHECK(in.events[0].fields.at("conversation_type") == "channel");

  add["action"] = "remove";
  auto removed = parse_activity(add, act_settings());
  REQUIRE(removed.events.size() == 1);
  CHECK(removed.events[0].text == conversation_removed);
  add["action"] = "add-upgrade";
  CHECK(parse_activity(add, act_settings()).events.empty());

  auto update = act_message("", "channel");
  update["type"] = "conversationUpdate";
  update["membersAdded"] = json::array({{{"id", act_bot}}});
  auto joined = parse_activity(update, act_settings());
  REQUIRE(joined.events.size() == 1);
  CHECK(joined.events[0].text == conversation_added);
  update["membersAdded"] = json::array({{{"id", "29:someone"}}});
  CHECK(parse_activity(update, act_settings()).events.empty());  // a colleague joined
}

TEST_CASE("teams activity: invokes are answered in the body", "[teams][activity]") {
  auto a = act_message("");
  a["type"] = "invoke";
  a["name"] = "adaptiveCard/action";
  a["value"] = {{"action", {{"type", "Action.Execute"}, {"verb", "checklist"},
                            {"data", {{"cb", "button"}, {"id", "plans:ask/yes"}, {"value", "yes"}}}}},
                {"trigger", "manual"}};
  auto in = parse_activity(a, act_settings());
  CHECK(in.ack == adapters::ack_style::synchronous_body);
  CHECK(in.answer_kind == answer_card_action);
  REQUIRE(in.events.size() == 1);
  CHECK(in.events[0].inline_replies == 1);
  CHECK(in.events[0].action_id == "plans:ask/yes");

  a["name"] = "task/fetch";
  a["value"] = {{"data", {{"msteams", {{"type", "task/fetch"}}}, {"command", "book"}}}};
  auto fetch = parse_activity(a, act_settings());
  CHECK(fetch.answer_kind == answer_task_fetch);
  REQUIRE(fetch.events.size() == 1);
  CHECK(fetch.events[0].kind == core::event_kind::command);
  CHECK(fetch.events[0].command == "book");
  CHECK(fetch.events[0].fields.at("trigger_id") == task_trigger);
  CHECK(fetch.events[0].fields.contains("form_in_reply"));

  a["name"] = "signin/verifyState";
  auto other = parse_activity(a, act_settings());
  CHECK(other.events.empty());
  CHECK_FALSE(other.rejection);
}

TEST_CASE("teams activity: other tenants, malformed activities and our own messages", "[teams][activity]") {
  auto a = act_message("library help");
  a["channelData"]["tenant"]["id"] = "another-tenant";
  auto refused = parse_activity(a, act_settings());
  REQUIRE(refused.rejection);
  CHECK(refused.rejection->status == 403);
  CHECK(refused.events.empty());

  auto listed = act_settings();
  listed.allowed_tenants = {"another-tenant"};
  CHECK(parse_activity(a, listed).events.size() == 1);

  for (const auto& bad : {json::array(), json{{"text", "hi"}}}) {
    auto in = parse_activity(bad, act_settings());
    REQUIRE(in.rejection);
    CHECK(in.rejection->status == 400);
  }
  auto no_service = act_message("library help");
  no_service.erase("serviceUrl");
  REQUIRE(parse_activity(no_service, act_settings()).rejection);

  auto own = act_message("library help");
  own["from"]["id"] = act_bot;
  CHECK(parse_activity(own, act_settings()).events.empty());

  auto reaction = act_message("");
  reaction["type"] = "messageReaction";
  reaction["reactionsAdded"] = json::array({{{"type", "like"}}});
  auto ignored = parse_activity(reaction, act_settings());
  CHECK(ignored.events.empty());
  CHECK_FALSE(ignored.rejection);
}
