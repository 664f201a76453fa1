// Teams Bot Connector requests: URLs under the stored serviceUrl with encoded ids, the rate
// bucket per conversation, and a proactive message that creates the 1:1 conversation first
// and sends to the id it answers (through the delivery worker's captures).
#include "adapters/teams/connector.hpp"
#include "delivery/captures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace teams = commonsbot::adapters::teams;
namespace core = commonsbot::core;
using nlohmann::json;

namespace {

constexpr const char* conn_service = "https://smba.trafficmanager.net/amer/";
constexpr const char* conn_thread = "19:abc@thread.tacv2;messageid=1712345678901";

core::message conn_card() {
  core::message m;
  m.text = "Plan p3";
  m.checklist = {{"do:plans.tick|p3/outcomes", "Learning outcomes", true, "Aroha"}};
  return m;
}

}  // namespace

TEST_CASE("teams connector: URLs with and without a trailing slash, ids encoded", "[teams][connector]") {
  const json activity = {{"type", "message"}, {"text", "hi"}};
  for (const std::string service : {"https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer"}) {
    CAPTURE(service);
    const auto send = teams::send_activity(service, "T1", conn_thread, activity);
    CHECK(send.method == "POST");
    CHECK(send.url ==
          "https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1712345678901"
          "/activities");
    CHECK(send.rate_bucket == "teams:T1:19:abc@thread.tacv2;messageid=1712345678901");
    CHECK(json::parse(send.body) == activity);
    CHECK(send.headers == commonsbot::http::header_list{{"Content-Type", "application/json; charset=utf-8"}});

    const auto reply = teams::reply_to_activity(service, "T1", "a:1xyz", "1712345678901", activity);
    CHECK(reply.method == "POST");
    CHECK(reply.url == "https://smba.trafficmanager.net/amer/v3/conversations/a%3A1xyz/activities/1712345678901");
    CHECK(json::parse(reply.body)["replyToId"] == "1712345678901");

    const auto update = teams::update_activity(service, "T1", "a:1xyz", "f:123;x", activity);
    CHECK(update.method == "PUT");
    CHECK(update.url == "https://smba.trafficmanager.net/amer/v3/conversations/a%3A1xyz/activities/f%3A123%3Bx");
    CHECK(json::parse(update.body)["id"] == "f:123;x");
    CHECK(update.rate_bucket == "teams:T1:a:1xyz");

    CHECK(teams::create_conversation(service, "T1", "28:app", "29:u1").url ==
          "https://smba.trafficmanager.net/amer/v3/conversations");
  }
  CHECK(teams::connector_url("https://x.example//", "/v3/conversations") == "https://x.example/v3/conversations");
  CHECK(teams::encode_path_segment("a-b_c.d~e f/g%") == "a-b_c.d~e%20f%2Fg%25");
}

TEST_CASE("teams connector: creating the 1:1 conversation, exactly", "[teams][connector]") {
  const auto r = teams::create_conversation(conn_service, "tenant-1", "app-id", "u1");
  CHECK(r.method == "POST");
  CHECK(r.body ==
        R"({"bot":{"id":"28:app-id"},"channelData":{"tenant":{"id":"tenant-1"}},"isGroup":false,)"
        R"("members":[{"id":"29:u1"}],"tenantId":"tenant-1"})");
  CHECK(r.capture == "/id");
  CHECK(r.capture_as == "conversation");
  CHECK(r.remember_as == "teams:tenant-1:dm:u1");
  CHECK(r.headers.size() == 1);  // the token is the sender's to add
  // Ids that already carry their prefix keep it once.
  const auto prefixed = json::parse(teams::create_conversation(conn_service, "t", "28:app", "29:u").body);
  CHECK(prefixed["bot"]["id"] == "28:app");
  CHECK(prefixed["members"][0]["id"] == "29:u");
}

TEST_CASE("teams connector: a proactive message creates the conversation, then sends to it", "[teams][connector]") {
  teams::connector_settings s;
  s.app_id = "app-id";
  const core::conversation_ref to{"teams", "tenant-1", "", "29:u1", "", conn_service};
  auto parts = teams::render_requests(s, conn_card(), to);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].url == "https://smba.trafficmanager.net/amer/v3/conversations");
  CHECK(parts[0].remember_as == "teams:tenant-1:dm:29:u1");
  CHECK(parts[1].url == "https://smba.trafficmanager.net/amer/v3/conversations/" +
                            commonsbot::adapters::capture_url_placeholder("conversation") + "/activities");
  CHECK(parts[1].rate_bucket == "teams:tenant-1:" + commonsbot::adapters::capture_placeholder("conversation"));

  // The worker takes the id from the answer and fills it in: encoded in the URL, raw in the
  // bucket, so the DM is paced with every other send to that conversation.
  commonsbot::delivery::captured_values values;
  commonsbot::delivery::answer_memory memory;
  REQUIRE_FALSE(commonsbot::delivery::keep_capture(parts[0], R"({"id":"a:1Xy-z_9"})", values, memory));
  std::string missing;
  REQUIRE(commonsbot::delivery::fill_captures(parts[1], values, missing));
  CHECK(parts[1].url == "https://smba.trafficmanager.net/amer/v3/conversations/a%3A1Xy-z_9/activities");
  CHECK(parts[1].rate_bucket == "teams:tenant-1:a:1Xy-z_9");
  const json sent = json::parse(parts[1].body);
  CHECK(sent["type"] == "message");
  CHECK(teams::card_of(sent) != nullptr);
}

TEST_CASE("teams connector: replace in place, reply in a thread, or send", "[teams][connector]") {
  const teams::connector_settings s;
  core::message m = conn_card();
  m.replace_original = true;
  const core::conversation_ref pressed{"teams", "T1", conn_thread, "29:u1", "", conn_service, "28:app", "1712"};
  auto parts = teams::render_requests(s, m, pressed);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].method == "PUT");
  CHECK(parts[0].url.ends_with("/activities/1712"));
  CHECK(json::parse(parts[0].body)["id"] == "1712");

  core::conversation_ref threaded{"teams", "T1", "19:general@thread.tacv2", "29:u1", "1699", "https://x.example"};
  parts = teams::render_requests(s, conn_card(), threaded);
  REQUIRE(parts.size() == 1);
  CHECK(parts[0].method == "POST");
  CHECK(parts[0].url == "https://x.example/v3/conversations/19%3Ageneral%40thread.tacv2/activities/1699");
  CHECK(json::parse(parts[0].body)["replyToId"] == "1699");
  CHECK(parts[0].rate_bucket == "teams:T1:19:general@thread.tacv2");

  // A message needing several activities: the first replaces the card, the rest follow it.
  core::message big;
  big.replace_original = true;
  for (int i = 0; i < 400; ++i) big.checklist.push_back({"do:plans.tick|p3/i" + std::to_string(i), "Item", false, ""});
  parts = teams::render_requests(s, big, pressed);
  REQUIRE(parts.size() > 1);
  CHECK(parts[0].method == "PUT");
  for (std::size_t i = 1; i < parts.size(); ++i) {
    CHECK(parts[i].method == "POST");
    CHECK(parts[i].url.ends_with("/activities"));
  }

  CHECK(teams::render_requests(s, conn_card(), {"teams", "T1", "a:1", "29:u1"}).empty());  // no serviceUrl
}
