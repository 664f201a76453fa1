// The real binary with the Teams adapter enabled, over loopback, against a fake Microsoft:
// signed messages acknowledged at once and answered through the Bot Connector with one app
// token, @-mentions in group chats and channels, and the bot being installed and removed.
// Refusals are in teams_auth_test.cpp, the flows (plan checklist, booking dialog) in
// teams_flows_test.cpp.
#include "core/person.hpp"
#include "integration/teams_server.hpp"

#include <algorithm>
#include <chrono>

using namespace commonsbot;
using namespace commonsbot::test;
using namespace commonsbot::test::teams_e2e;

TEST_CASE("teams e2e: library help in a personal chat is answered through the Connector with one app token",
          "[integration][teams]") {
  teams_server s;
  const auto started = std::chrono::steady_clock::now();
  auto help = s.send(s.message("library help"));
  INFO(help.body);
  REQUIRE(help.status == 200);
  // A message is acknowledged at once; the answer goes out through the Connector.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK(json::parse(help.body) == json::object());

  auto reply = s.wait_for_sent("");
  REQUIRE(reply);
  CHECK(reply->method == "POST");
  CHECK(reply->target == "/smba/amer/v3/conversations/a%3A1PeRsOnAlSamChat0123456789abcdefABCDEF/activities");
  CHECK(reply->header("Authorization") == "Bearer " + s.ms.access_token());
  const json sent = json::parse(reply->body);
  CHECK(sent["type"] == "message");
  const bool card = sent.contains("attachments") && sent["attachments"][0]["contentType"] ==
                                                        "application/vnd.microsoft.card.adaptive";
  CHECK((card || !sent.value("text", std::string()).empty()));
  INFO(reply->body);
  CHECK(reply->body.find("Here's what you can do") != std::string::npos);

  // The bot's own mention is removed before the command is read, in a group chat and in a
  // channel thread (where Aroha's client also says her time zone).
  CHECK(s.send(s.message("<at>Commons Bot</at> library help", "message_group_mention.json")).status == 200);
  json channel = s.ms.activity("message_channel_mention.json");
  CHECK(s.send(channel).status == 200);
  auto in_group = s.wait_for_sent("", 1);
  auto in_channel = s.wait_for_sent("", 2);
  REQUIRE(in_group);
  REQUIRE(in_channel);
  std::vector<std::string> targets;
  for (const auto& r : s.ms.connector_calls()) targets.push_back(r.target);
  CHECK(std::count(targets.begin(), targets.end(),
                   "/smba/amer/v3/conversations/19%3A3c5b7d9f1e2a4b6c8d0e2f4a6b8c0d2e%40thread.v2/activities") == 1);
  CHECK(std::count(targets.begin(), targets.end(),
                   "/smba/amer/v3/conversations/"
                   "19%3A0b7f32667e064dd9b25d7969801541f4%40thread.tacv2%3Bmessageid%3D1732701234567/activities") == 1);
  for (const auto& r : s.ms.connector_calls()) {
    CHECK(r.header("Authorization") == "Bearer " + s.ms.access_token());
    CHECK(r.body.find("Unknown command") == std::string::npos);
  }
  // Three replies, one token: it is kept until five minutes before it expires.
  CHECK(s.ms.token_calls() == 1);

  auto db = s.stop_and_open();
  auto aroha = db->get(core::collections::people, core::tenant_key(fake_microsoft::tenant, std::string("teams:") + teams_aroha));
  REQUIRE(aroha);
  CHECK(aroha->get<core::person>().time_zone == "Pacific/Auckland");
  CHECK(aroha->get<core::person>().role == core::role::library_staff);
  CHECK(db->count(core::collections::outbox) == 0);
}

TEST_CASE("teams e2e: a Connector 429 is retried with the same activity and the same token", "[integration][teams]") {
  teams_server s;
  s.ms.http().on("/v3/conversations/", fake_response::too_many(1), 1);
  CHECK(s.send(s.message("library help")).status == 200);
  auto delivered = eventually([&] {
    for (const auto& r : s.ms.connector_calls())
      if (r.status == 200) return true;
    return false;
  });
  REQUIRE(delivered);
  const auto calls = s.ms.connector_calls();
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].status == 429);
  CHECK(calls[1].body == calls[0].body);
  CHECK(s.ms.token_calls() == 1);
}

TEST_CASE("teams e2e: installed, removed, added to a team, reactions are ignored", "[integration][teams]") {
  teams_server s;
  const json add = s.ms.activity("installation_add.json");
  auto added = s.send(add);
  INFO(added.body);
  CHECK(added.status == 200);
  // The team install: the bot among membersAdded of a channel's conversationUpdate.
  CHECK(s.send(s.ms.activity("conversation_update_bot_added.json")).status == 200);
  CHECK(s.send(s.ms.activity("message_reaction.json")).status == 200);

  // Each install says hello where it happened: the personal chat, and the team's channel.
  auto personal_welcome = s.wait_for_sent("library help");
  REQUIRE(personal_welcome);
  CHECK(personal_welcome->target.find("/v3/conversations/a%3A") != std::string::npos);
  auto team_welcome = s.wait_for_sent("library help", 1);
  REQUIRE(team_welcome);
  CHECK(team_welcome->target.find("/v3/conversations/19%3A") != std::string::npos);

  // A plan started in the personal chat is open (a session) when the app is removed.
  CHECK(s.send(s.message("library plan Gardens")).status == 200);
  REQUIRE(s.wait_for_sent("learning area"));
  CHECK(s.ms.connector_calls().size() == 3);  // two welcomes and the plan's first question

  auto removed = s.send(s.ms.activity("installation_remove.json"));
  CHECK(removed.status == 200);
  auto db = s.stop_and_open();
  const std::string sam_sessions =
      core::tenant_key(fake_microsoft::tenant, std::string("teams/") + "a:1PeRsOnAlSamChat0123456789abcdefABCDEF/");
  CHECK(db->scan(core::collections::sessions, sam_sessions).empty());
  // The personal chat's reference went with it; the team's channel is still known.
  CHECK(db->scan("conversations", core::tenant_key(fake_microsoft::tenant, "teams/a:")).empty());
  CHECK(db->scan("conversations", core::tenant_key(fake_microsoft::tenant, "teams/19:")).size() == 1);
  CHECK(db->get(core::collections::dedupe, core::tenant_key(fake_microsoft::tenant, "teams/f:it-install-remove-0001")));
}
