// The adapter as the ingress sees it: verify on the raw request (no keys yet: 503; a good
// token: pass; a forged kid: 401 and a refresh asked), the invoke answers, and outbound
// requests carrying the app token, which is fetched once and renewed before it expires.
#include "adapters/teams/teams_adapter.hpp"
#include "core/form.hpp"
#include "teams_support.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using nlohmann::json;

namespace {

struct adapter_fake_microsoft {
  fetch::result answer(const fetch::request& r) {
    std::lock_guard lock(mutex);
    fetch::result out;
    out.what = fetch::result::outcome::fetched;
    out.status = 200;
    if (r.url == teams_test::metadata_url) {
      ++metadata_calls;
      out.body = test::render_openid_metadata(teams_test::jwks_url);
    } else if (r.url == teams_test::jwks_url) {
      out.body = test::render_jwks({{&test::teams_key::primary(), teams_test::kid, {"msteams"}}});
    } else if (r.url.find("/oauth2/v2.0/token") != std::string::npos) {
      ++token_calls;
      last_form = r.form_body;
      out.body = R"({"token_type":"Bearer","expires_in":3600,"access_token":"token-)" + std::to_string(token_calls) + "\"}";
    } else {
      out.what = fetch::result::outcome::failed;
      out.status = 404;
    }
    return out;
  }
  std::mutex mutex;
  int metadata_calls = 0;
  int token_calls = 0;
  std::string last_form;
};

adapters::teams::settings adapter_settings() {
  adapters::teams::settings s;
  s.app_id = teams_test::app_id;
  s.app_password = adapters::secret_value("client-secret-value");
  s.tenant_id = "tenant-1";
  s.openid_metadata_url = teams_test::metadata_url;
  return s;
}

http::request adapter_request(const std::string& token, const std::string& service_url) {
  http::request req;
  req.method = "POST";
  req.path = "/api/messages";
  req.headers.emplace_back("Authorization", "Bearer " + token);
  req.body = json{{"type", "message"}, {"id", "1"}, {"channelId", "msteams"}, {"serviceUrl", service_url},
                  {"from", {{"id", "29:a"}}}, {"conversation", {{"id", "a:1"}, {"tenantId", "tenant-1"}}},
                  {"recipient", {{"id", "28:bot"}}}, {"text", "library help"}}
                 .dump();
  return req;
}

}  // namespace

TEST_CASE("teams adapter: no keys is 503, a good token passes, a forged kid is 401", "[teams][adapter]") {
  adapter_fake_microsoft ms;
  core::manual_clock clock{core::from_epoch_ms(teams_test::now_s * 1000)};
  adapters::teams::teams_adapter teams(adapter_settings(), clock, [&ms](const fetch::request& r) { return ms.answer(r); });
  const auto good = test::mint_rs256(test::teams_key::primary(), test::rs256_header(teams_test::kid),
                                     test::bot_framework_claims(teams_test::app_id, teams_test::service_url, teams_test::now_s));
  auto before = teams.verify(adapter_request(good, teams_test::service_url));
  CHECK_FALSE(before.ok);
  CHECK(before.status == 503);  // never a pass without keys

  REQUIRE(teams.refresh_keys() == adapters::teams::refresh_outcome::refreshed);
  CHECK(teams.verify(adapter_request(good, teams_test::service_url)).ok);
  auto replayed = teams.verify(adapter_request(good, "https://attacker.example/"));
  CHECK(replayed.status == 403);
  CHECK(replayed.code == "service_url_mismatch");

  const auto forged = test::mint_rs256(test::teams_key::other(), test::rs256_header("not-a-kid"),
                                       test::bot_framework_claims(teams_test::app_id, teams_test::service_url, teams_test::now_s));
  auto refused = teams.verify(adapter_request(forged, teams_test::service_url));
  CHECK(refused.status == 401);
  CHECK(refused.code == "unknown_kid");
}

TEST_CASE("teams adapter: invoke answers are the envelopes Teams expects", "[teams][adapter]") {
  adapter_fake_microsoft ms;
  core::manual_clock clock{core::from_epoch_ms(teams_test::now_s * 1000)};
  adapters::teams::teams_adapter teams(adapter_settings(), clock, [&ms](const fetch::request& r) { return ms.answer(r); });

  adapters::inbound card;
  card.ack = adapters::ack_style::synchronous_body;
  card.answer_kind = adapters::teams::answer_card_action;
  core::outcome done;
  core::message redrawn;
  redrawn.text = "Rivers";
  redrawn.checklist = {{"do:plans.tick|p1/outcomes", "Outcomes agreed", true, "Aroha"}};
  done.replies = {redrawn};
  auto answer = json::parse(teams.acknowledge(card, {done}).body);
  CHECK(answer["statusCode"] == 200);
  CHECK(answer["type"] == "application/vnd.microsoft.card.adaptive");
  CHECK(answer["value"]["type"] == "AdaptiveCard");
  // A retried invoke (a duplicate) still gets an answer, never an empty body.
  core::outcome dup;
  dup.result = core::outcome::status::duplicate;
  auto again = json::parse(teams.acknowledge(card, {dup}).body);
  CHECK(again["type"] == "application/vnd.microsoft.activity.message");

  adapters::inbound fetch_in;
  fetch_in.answer_kind = adapters::teams::answer_task_fetch;
  core::form f;
  f.title = "Book the library";
  f.submit = "Book";
  core::form_field day;
  day.id = "date";
  day.label = "Which day?";
  f.fields = {day};
  core::outcome form_out;
  form_out.replies = {core::form_message(f)};
  auto task = json::parse(teams.acknowledge(fetch_in, {form_out}).body);
  CHECK(task["task"]["type"] == "continue");

  core::outcome unavailable;
  unavailable.result = core::outcome::status::unavailable;
  CHECK(teams.acknowledge(card, {unavailable}).status == 503);
  CHECK(teams.acknowledge(adapters::inbound{}, {}).body == "{}");
}

TEST_CASE("teams adapter: outbound calls carry the app token, fetched once and renewed early", "[teams][adapter]") {
  adapter_fake_microsoft ms;
  core::manual_clock clock{core::from_epoch_ms(teams_test::now_s * 1000)};
  adapters::teams::teams_adapter teams(adapter_settings(), clock, [&ms](const fetch::request& r) { return ms.answer(r); });
  core::message m;
  m.text = "Kia ora";
  const core::conversation_ref to("teams", "tenant-1", "a:1", "29:a", "", "https://smba.example/apac/", "28:bot");
  auto parts = teams.render(m, to);
  REQUIRE(parts.size() == 1);
  auto auth = [](const adapters::outbound_request& r) {
    for (const auto& [k, v] : r.headers)
      if (k == "Authorization") return v;
    return std::string();
  };
  CHECK(auth(parts[0]) == "Bearer token-1");
  CHECK(ms.last_form.find("grant_type=client_credentials") != std::string::npos);
  CHECK(ms.last_form.find("client_secret=client-secret-value") != std::string::npos);
  CHECK(ms.last_form.find("scope=https%3A%2F%2Fapi.botframework.com%2F.default") != std::string::npos);
  CHECK(auth(teams.render(m, to)[0]) == "Bearer token-1");
  CHECK(ms.token_calls == 1);

  clock.advance(std::chrono::minutes(56));  // within five minutes of its expiry: renewed
  CHECK(auth(teams.render(m, to)[0]) == "Bearer token-2");
  teams.discard_token();  // the Connector said 401
  CHECK(auth(teams.render(m, to)[0]) == "Bearer token-3");
}
