// Teams requests the real binary must refuse, each with its status and code and nothing
// stored or sent: bad or missing Authorization headers, forged algorithms, unknown keys,
// the wrong issuer or audience, tokens out of date, a key not endorsed for Teams, a token
// steering replies to another service URL, another school's tenant; and the signing keys'
// host being down, before the keys were ever loaded (503) and after (still served).
#include "integration/teams_server.hpp"
#include "support/wall_clock.hpp"

using namespace commonsbot;
using namespace commonsbot::test;
using namespace commonsbot::test::teams_e2e;

namespace {

void teams_nothing_kept(teams_server& s) {
  CHECK(s.ms.connector_calls().empty());
  CHECK(s.ms.token_calls() == 0);
  auto db = s.stop_and_open();
  CHECK(db->count(core::collections::dedupe) == 0);
  CHECK(db->count(core::collections::people) == 0);
  CHECK(db->count(core::collections::sessions) == 0);
  CHECK(db->count(core::collections::outbox) == 0);
}

}  // namespace

TEST_CASE("teams e2e: bad tokens and mismatched activities are refused with nothing stored", "[integration][teams]") {
  teams_server s;
  const json a = s.message("library help");
  const json good = s.ms.claims();
  auto refused = [&](const header_list& h, int status, const std::string& code) {
    auto r = s.send(a, h);
    INFO(code << ": " << r.status << " " << r.body);
    CHECK(r.status == status);
    CHECK(teams_error_of(r) == code);
    // A refusal never echoes the token back.
    for (const auto& [k, v] : h)
      if (k == "Authorization" && v.size() > 20) CHECK(r.body.find(v.substr(7, 20)) == std::string::npos);
  };
  auto with = [&](const std::string& claim, const json& value) {
    json c = good;
    c[claim] = value;
    return fake_microsoft::bearer(fake_microsoft::token(c));
  };

  refused({{"Content-Type", "application/json"}}, 401, "missing_token");
  refused({{"Content-Type", "application/json"}, {"Authorization", "Bearer"}}, 401, "bad_header");
  refused({{"Content-Type", "application/json"}, {"Authorization", "Basic c2FtOnNlY3JldA=="}}, 401, "bad_header");
  refused({{"Content-Type", "application/json"}, {"Authorization", "Bearer not-a.jwt"}}, 401, "bad_token");
  refused({{"Content-Type", "application/json"}, {"Authorization", "Bearer %%%.@@@.!!!"}}, 401, "bad_token");

  // Forged algorithms stop before any cryptography.
  refused(fake_microsoft::bearer(mint_unsigned({{"alg", "none"}, {"typ", "JWT"}}, good)), 401, "alg_not_allowed");
  refused(fake_microsoft::bearer(mint_hs256_with_public_key(
              teams_key::primary(), {{"alg", "HS256"}, {"kid", fake_microsoft::primary_kid}, {"typ", "JWT"}}, good)),
          401, "alg_not_allowed");
  // Signed by a key Microsoft never published: refused, and still refused after the refresh
  // it may ask for; five misses cost at most one more fetch of the keys (an hourly allowance).
  const auto stranger = fake_microsoft::bearer(fake_microsoft::token(good, "it-unknown-kid", teams_key::other()));
  for (int i = 0; i < 5; ++i) refused(stranger, 401, "unknown_kid");
  CHECK(s.ms.jwks_fetches() <= 2);
  // A known kid with another key's signature.
  refused(fake_microsoft::bearer(fake_microsoft::token(good, fake_microsoft::primary_kid, teams_key::other())), 401,
          "bad_signature");

  refused(with("iss", "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"), 401, "wrong_issuer");
  refused(with("aud", "00000000-0000-0000-0000-000000000000"), 401, "wrong_audience");
  {
    json c = good;
    c["exp"] = wall_s() - 600;  // past the five minutes' skew
    c["nbf"] = wall_s() - 4200;
    refused(fake_microsoft::bearer(fake_microsoft::token(c)), 401, "expired");
    c["nbf"] = wall_s() + 600;
    c["exp"] = wall_s() + 4200;
    refused(fake_microsoft::bearer(fake_microsoft::token(c)), 401, "not_yet_valid");
  }

  // Good signatures that must still not be served: a key endorsed for other channels only,
  // a serviceurl claim that is not the body's, and a token replayed with another body.
  refused(fake_microsoft::bearer(fake_microsoft::token(good, fake_microsoft::skype_kid, teams_key::other())), 403,
          "channel_not_endorsed");
  refused(with("serviceurl", "https://smba.trafficmanager.net/amer/"), 403, "service_url_mismatch");
  {
    json other = a;
    other["serviceUrl"] = "https://attacker.example/amer/";
    auto r = s.send(other, s.ms.signed_headers(a));
    CHECK(r.status == 403);
    CHECK(teams_error_of(r) == "service_url_mismatch");
  }
  // Another school's tenant, with a token that is good in every other way.
  {
    json elsewhere = a;
    elsewhere["channelData"]["tenant"]["id"] = "0f0f0f0f-0000-4000-8000-0000000e15e1";
    elsewhere["conversation"]["tenantId"] = "0f0f0f0f-0000-4000-8000-0000000e15e1";
    auto r = s.send(elsewhere);
    CHECK(r.status == 403);
    CHECK(teams_error_of(r) == "tenant_not_allowed");
  }
  // Not JSON after a good token.
  CHECK(post(s.port, teams_messages, "{\"type\":", s.ms.signed_headers(a)).status == 400);

  // Still serving: the same activity with a good token is answered.
  CHECK(get(s.port, "/healthz").status == 200);
  teams_nothing_kept(s);
}

TEST_CASE("teams e2e: with the keys' host down from the start, signed requests get 503, never 200",
          "[integration][teams]") {
  teams_server s({.keys_down_at_start = true, .wait_for_keys = false, .tenant_extra = {}});
  const json a = s.message("library help");
  // Before and after the refresher's first (failed) try.
  CHECK(s.send(a).status == 503);
  REQUIRE(eventually([&] { return s.log().find("teams.keys.refresh_failed") != std::string::npos; }));
  for (int i = 0; i < 3; ++i) {
    auto r = s.send(a);
    CHECK(r.status == 503);
    CHECK(teams_error_of(r) == "no_keys");
  }
  // Forgeries are still refused as such, not let through for want of keys.
  CHECK(s.send(a, fake_microsoft::bearer(mint_unsigned({{"alg", "none"}}, s.ms.claims()))).status == 401);
  teams_nothing_kept(s);
}

TEST_CASE("teams e2e: keys already loaded keep verifying while their host is down", "[integration][teams]") {
  teams_server s;
  s.ms.keys_down(true);
  // An unknown kid asks for a refresh, which may fail; the keys held stay in use.
  CHECK(s.send(s.message("library help"), fake_microsoft::bearer(fake_microsoft::token(s.ms.claims(), "it-new-kid",
                                                                                      teams_key::other())))
            .status == 401);
  auto r = s.send(s.message("library help"));
  CHECK(r.status == 200);
  REQUIRE(s.wait_for_sent("what you can do"));
  CHECK(s.ms.connector_calls().front().header("Authorization") == "Bearer " + s.ms.access_token());
}
