// The Bot Framework token check: a valid token passes, and every way a token can be wrong is
// refused with its status and code, without the message echoing the token.
#include "teams_support.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace teams_test;
using nlohmann::json;

namespace {

// Checks a refusal's status and code, and that its message says something without quoting
// the token (neither whole nor its signature part).
void check_refused(const token_result& result, int status, const std::string& code, const std::string& authorization) {
  INFO("code " << result.code << ": " << result.message);
  CHECK_FALSE(result.ok);
  CHECK(result.status == status);
  CHECK(result.code == code);
  CHECK_FALSE(result.message.empty());
  const auto token = authorization.substr(authorization.find(' ') + 1);
  if (token.size() > 8) CHECK(result.message.find(token) == std::string::npos);
  const auto signature = token.substr(token.rfind('.') + 1);
  if (signature.size() > 8) CHECK(result.message.find(signature) == std::string::npos);
  CHECK_FALSE(result.as_verification().ok);
  CHECK(result.as_verification().code == code);
}

token_result verify_now(const std::string& authorization) {
  const auto keys = primary_keys();
  return verify_token(authorization, keys.get(), rules_at());
}

void check_token_refused(const std::string& authorization, int status, const std::string& code) {
  check_refused(verify_now(authorization), status, code, authorization);
}

json claims_without(const std::string& name) {
  json claims = valid_claims();
  claims.erase(name);
  return claims;
}

json claims_with(const std::string& name, json value) {
  json claims = valid_claims();
  claims[name] = std::move(value);
  return claims;
}

json header_with(const std::string& name, json value) {
  json header = test::rs256_header(kid);
  header[name] = std::move(value);
  return header;
}

}  // namespace

TEST_CASE("teams token: a valid token verifies and carries its claims", "[teams][token]") {
  const auto result = verify_now(bearer_with(valid_claims()));
  INFO(result.code << ": " << result.message);
  REQUIRE(result.ok);
  CHECK(result.status == 200);
  CHECK(result.code.empty());
  CHECK(result.claims.kid == kid);
  CHECK(result.claims.endorsements == std::vector<std::string>{"msteams"});
  CHECK(result.claims.issuer == "https://api.botframework.com");
  CHECK(result.claims.audience == app_id);
  CHECK(result.claims.service_url == service_url);
  CHECK(result.claims.expires_at == now_s + 3600);
  CHECK(result.claims.not_before == now_s - 60);
  CHECK(result.as_verification().ok);
}

TEST_CASE("teams token: aud may be a string or an array holding the app id", "[teams][token]") {
  CHECK(verify_now(bearer_with(claims_with("aud", json::array({"another-app", app_id})))).ok);
  check_token_refused(bearer_with(claims_with("aud", json::array({"another-app"}))), 401, "wrong_audience");
  check_token_refused(bearer_with(claims_with("aud", json::array())), 401, "wrong_audience");
  check_token_refused(bearer_with(claims_with("aud", "another-app")), 401, "wrong_audience");
  check_token_refused(bearer_with(claims_with("aud", json::array({json::array({app_id})}))), 401, "wrong_audience");
  check_token_refused(bearer_with(claims_with("aud", 42)), 401, "wrong_audience");
  check_token_refused(bearer_with(claims_without("aud")), 401, "wrong_audience");
}

TEST_CASE("teams token: no app id configured refuses everything", "[teams][token]") {
  const auto keys = primary_keys();
  auto rules = rules_at();
  rules.app_id.clear();
  const auto authorization = bearer_with(claims_with("aud", ""));
  check_refused(verify_token(authorization, keys.get(), rules), 401, "not_configured", authorization);
}

TEST_CASE("teams token: a missing or garbled Authorization header is refused", "[teams][token]") {
  const std::string token = test::mint_rs256(test::teams_key::primary(), test::rs256_header(kid), valid_claims());
  check_token_refused("", 401, "missing_token");
  check_token_refused("Bearer", 401, "bad_header");
  check_token_refused(token, 401, "bad_header");
  check_token_refused("Bearer ", 401, "bad_header");
  check_token_refused("Basic " + token, 401, "bad_header");
  check_token_refused("bearer " + token, 401, "bad_header");
  check_token_refused("Bearer  " + token, 401, "bad_header");
  check_token_refused("Bearer " + token + " extra", 401, "bad_header");
  check_token_refused(" Bearer " + token, 401, "bad_header");
}

TEST_CASE("teams token: a token that is not a compact JWS is refused", "[teams][token]") {
  const std::string token = test::mint_rs256(test::teams_key::primary(), test::rs256_header(kid), valid_claims());
  const auto first_dot = token.find('.');
  const auto last_dot = token.rfind('.');
  const std::string header = token.substr(0, first_dot);
  const std::string payload = token.substr(first_dot + 1, last_dot - first_dot - 1);
  const std::string signature = token.substr(last_dot + 1);

  SECTION("not three dot-separated parts") {
    check_token_refused(bearer("abcdef"), 401, "bad_token");
    check_token_refused(bearer(header + "." + payload), 401, "bad_token");
    check_token_refused(bearer(token + "." + signature), 401, "bad_token");
    check_token_refused(bearer(".."), 401, "bad_token");
  }
  SECTION("bad base64url") {
    check_token_refused(bearer("!!" + header + "." + payload + "." + signature), 401, "bad_token");
    check_token_refused(bearer(header + ".pay*load." + signature), 401, "bad_token");
    check_token_refused(bearer(header + "." + payload + ".sig/na+ture"), 401, "bad_token");
  }
  SECTION("a header that is not a JSON object") {
    check_token_refused(bearer(test::base64url("not json") + "." + payload + "." + signature), 401, "bad_token");
    check_token_refused(bearer(test::base64url("[\"RS256\"]") + "." + payload + "." + signature), 401, "bad_token");
  }
  SECTION("signed claims that are not a JSON object") {
    const auto& key = test::teams_key::primary();
    const std::string header_text = test::rs256_header(kid).dump();
    check_token_refused(bearer(test::mint_rsa_raw(key, header_text, "not json")), 401, "bad_token");
    check_token_refused(bearer(test::mint_rsa_raw(key, header_text, "[1,2]")), 401, "bad_token");
    check_token_refused(bearer(test::mint_rsa_raw(key, header_text, "")), 401, "bad_token");
  }
  SECTION("far too long") {
    const std::string padded = test::base64url(std::string(max_token_bytes, 'x'));
    check_token_refused(bearer(header + "." + padded + "." + signature), 401, "bad_token");
  }
  SECTION("a critical header extension") {
    check_token_refused(bearer_with(valid_claims(), header_with("crit", json::array({"exp"}))), 401, "bad_token");
  }
}

TEST_CASE("teams token: only RS256 is accepted, whatever the header says", "[teams][token]") {
  const auto& key = test::teams_key::primary();
  SECTION("alg none, unsigned") {
    check_token_refused(bearer(test::mint_unsigned(header_with("alg", "none"), valid_claims())), 401,
                        "alg_not_allowed");
  }
  SECTION("alg none with an RS256 signature attached") {
    check_token_refused(bearer_with(valid_claims(), header_with("alg", "none")), 401, "alg_not_allowed");
  }
  SECTION("HS256 keyed with the public key") {
    const auto token = test::mint_hs256_with_public_key(key, header_with("alg", "HS256"), valid_claims());
    check_token_refused(bearer(token), 401, "alg_not_allowed");
  }
  SECTION("RS384, genuinely signed with the right key") {
    const auto token = test::mint_rsa_raw(key, header_with("alg", "RS384").dump(), valid_claims().dump(), "SHA384");
    check_token_refused(bearer(token), 401, "alg_not_allowed");
  }
  SECTION("other spellings and types") {
    check_token_refused(bearer_with(valid_claims(), header_with("alg", "rs256")), 401, "alg_not_allowed");
    check_token_refused(bearer_with(valid_claims(), header_with("alg", "PS256")), 401, "alg_not_allowed");
    check_token_refused(bearer_with(valid_claims(), header_with("alg", 256)), 401, "alg_not_allowed");
    json header = test::rs256_header(kid);
    header.erase("alg");
    check_token_refused(bearer_with(valid_claims(), header), 401, "alg_not_allowed");
  }
  SECTION("refused before the keys are even looked at") {
    const auto authorization = bearer(test::mint_unsigned(header_with("alg", "none"), valid_claims()));
    check_refused(verify_token(authorization, nullptr, rules_at()), 401, "alg_not_allowed", authorization);
  }
}

TEST_CASE("teams token: no keys loaded is 503, never a pass", "[teams][token]") {
  const auto authorization = bearer_with(valid_claims());
  check_refused(verify_token(authorization, nullptr, rules_at()), 503, "no_keys", authorization);
  const key_set none({}, 0);
  check_refused(verify_token(authorization, &none, rules_at()), 503, "no_keys", authorization);
}

TEST_CASE("teams token: the key is chosen by kid and must have signed the token", "[teams][token]") {
  check_token_refused(bearer_with(valid_claims(), test::rs256_header("some-other-kid")), 401, "unknown_kid");
  json no_kid = test::rs256_header(kid);
  no_kid.erase("kid");
  check_token_refused(bearer_with(valid_claims(), no_kid), 401, "missing_kid");
  check_token_refused(bearer_with(valid_claims(), header_with("kid", "")), 401, "missing_kid");

  const auto forged = test::mint_rs256(test::teams_key::other(), test::rs256_header(kid), valid_claims());
  check_token_refused(bearer(forged), 401, "bad_signature");

  // Claims swapped after signing: the signature no longer covers them.
  const std::string genuine = test::mint_rs256(test::teams_key::primary(), test::rs256_header(kid), valid_claims());
  json widened = valid_claims();
  widened["serviceurl"] = "https://attacker.example/";
  const auto first_dot = genuine.find('.');
  const auto last_dot = genuine.rfind('.');
  const std::string tampered =
      genuine.substr(0, first_dot + 1) + test::base64url(widened.dump()) + genuine.substr(last_dot);
  check_token_refused(bearer(tampered), 401, "bad_signature");
  check_token_refused(bearer(genuine.substr(0, last_dot + 1)), 401, "bad_signature");
}

TEST_CASE("teams token: the issuer must be the Bot Framework", "[teams][token]") {
  check_token_refused(bearer_with(claims_with("iss", "https://sts.windows.net/tenant/")), 401, "wrong_issuer");
  check_token_refused(bearer_with(claims_with("iss", "https://api.botframework.com/")), 401, "wrong_issuer");
  check_token_refused(bearer_with(claims_with("iss", json::array({"https://api.botframework.com"}))), 401,
                      "wrong_issuer");
  check_token_refused(bearer_with(claims_without("iss")), 401, "wrong_issuer");
}

TEST_CASE("teams token: exp and nbf hold within five minutes of skew", "[teams][token]") {
  SECTION("expired beyond the skew") {
    check_token_refused(bearer_with(claims_with("exp", now_s - 301)), 401, "expired");
    check_token_refused(bearer_with(claims_with("exp", now_s - 300)), 401, "expired");
    check_token_refused(bearer_with(claims_with("exp", 0)), 401, "expired");
    check_token_refused(bearer_with(claims_with("exp", -5)), 401, "expired");
  }
  SECTION("expired within the skew is accepted") {
    CHECK(verify_now(bearer_with(claims_with("exp", now_s - 299))).ok);
    CHECK(verify_now(bearer_with(claims_with("exp", now_s))).ok);
  }
  SECTION("not yet valid beyond the skew") {
    check_token_refused(bearer_with(claims_with("nbf", now_s + 301)), 401, "not_yet_valid");
    CHECK(verify_now(bearer_with(claims_with("nbf", now_s + 300))).ok);
    CHECK(verify_now(bearer_with(claims_without("nbf"))).ok);
  }
  SECTION("a token without exp is refused") {
    check_token_refused(bearer_with(claims_without("exp")), 401, "missing_exp");
  }
  SECTION("exp and nbf must be numbers") {
    check_token_refused(bearer_with(claims_with("exp", std::to_string(now_s + 3600))), 401, "bad_token");
    check_token_refused(bearer_with(claims_with("exp", nullptr)), 401, "bad_token");
    check_token_refused(bearer_with(claims_with("nbf", "yesterday")), 401, "bad_token");
  }
  SECTION("fractional and enormous dates neither overflow nor pass when they should not") {
    CHECK(verify_now(bearer_with(claims_with("exp", double(now_s) + 0.5))).ok);
    check_token_refused(bearer_with(claims_with("exp", double(now_s) - 300.5)), 401, "expired");
    CHECK(verify_now(bearer_with(claims_with("exp", std::numeric_limits<long long>::max()))).ok);
    CHECK(verify_now(bearer_with(claims_with("exp", std::numeric_limits<unsigned long long>::max()))).ok);
    CHECK(verify_now(bearer_with(claims_with("exp", 1e300))).ok);
    check_token_refused(bearer_with(claims_with("exp", -1e300)), 401, "expired");
    check_token_refused(bearer_with(claims_with("nbf", 1e300)), 401, "not_yet_valid");
    check_token_refused(bearer_with(claims_with("exp", std::numeric_limits<long long>::min())), 401, "expired");
  }
  SECTION("the skew is the caller's") {
    const auto keys = primary_keys();
    auto strict = rules_at();
    strict.skew_seconds = 0;
    CHECK_FALSE(verify_token(bearer_with(claims_with("exp", now_s - 1)), keys.get(), strict).ok);
    CHECK(verify_token(bearer_with(claims_with("exp", now_s + 1)), keys.get(), strict).ok);
  }
}

TEST_CASE("teams token: the activity's channel must be endorsed by the signing key", "[teams][token]") {
  const auto authorization = bearer_with(valid_claims());
  SECTION("a key endorsed for other channels only: 403") {
    const auto keys = primary_keys({"skype", "webchat"});
    const auto token = verify_token(authorization, keys.get(), rules_at());
    REQUIRE(token.ok);
    const auto bound = check_activity(token, "msteams", service_url);
    CHECK_FALSE(bound.ok);
    CHECK(bound.status == 403);
    CHECK(bound.code == "channel_not_endorsed");
    CHECK(check_activity(token, "webchat", service_url).ok);
    CHECK(check_activity(token, "", service_url).code == "channel_not_endorsed");
  }
  SECTION("a key endorsed for msteams") {
    const auto token = verify_token(authorization, primary_keys({"msteams"}).get(), rules_at());
    CHECK(check_activity(token, "msteams", service_url).ok);
    CHECK(check_activity(token, "MSTeams", service_url).status == 403);
  }
  SECTION("a key without endorsements does not restrict the channel") {
    const auto token = verify_token(authorization, primary_keys({}).get(), rules_at());
    REQUIRE(token.ok);
    CHECK(token.claims.endorsements.empty());
    CHECK(check_activity(token, "msteams", service_url).ok);
    CHECK(check_activity(token, "anything", service_url).ok);
  }
}

TEST_CASE("teams token: the serviceurl claim must equal the activity's serviceUrl", "[teams][token]") {
  const auto keys = primary_keys();
  SECTION("a valid token replayed with another activity's serviceUrl") {
    const auto token = verify_token(bearer_with(valid_claims()), keys.get(), rules_at());
    REQUIRE(token.ok);
    CHECK(check_activity(token, "msteams", service_url).ok);
    for (const std::string other : {"https://attacker.example/", "https://smba.trafficmanager.net/emea/",
                                    "https://SMBA.trafficmanager.net/apac/", "https://smba.trafficmanager.net/apac",
                                    ""}) {
      const auto bound = check_activity(token, "msteams", other);
      INFO(other);
      CHECK_FALSE(bound.ok);
      CHECK(bound.status == 403);
      CHECK(bound.code == "service_url_mismatch");
    }
  }
  SECTION("a token whose serviceurl claim is another host") {
    const auto token =
        verify_token(bearer_with(claims_with("serviceurl", "https://attacker.example/")), keys.get(), rules_at());
    REQUIRE(token.ok);
    const auto bound = check_activity(token, "msteams", service_url);
    CHECK(bound.status == 403);
    CHECK(bound.code == "service_url_mismatch");
  }
  SECTION("a token without the claim matches no activity, not even one without serviceUrl") {
    for (const json& claims : {claims_without("serviceurl"), claims_with("serviceurl", 7)}) {
      const auto token = verify_token(bearer_with(claims), keys.get(), rules_at());
      REQUIRE(token.ok);
      CHECK(check_activity(token, "msteams", service_url).code == "service_url_mismatch");
      CHECK(check_activity(token, "msteams", "").code == "service_url_mismatch");
    }
  }
  SECTION("the claim's name is lowercase serviceurl") {
    json claims = claims_without("serviceurl");
    claims["serviceUrl"] = service_url;
    const auto token = verify_token(bearer_with(claims), keys.get(), rules_at());
    CHECK(check_activity(token, "msteams", service_url).code == "service_url_mismatch");
  }
  SECTION("a token that did not verify keeps its own refusal") {
    const auto token = verify_token("", keys.get(), rules_at());
    const auto bound = check_activity(token, "msteams", service_url);
    CHECK_FALSE(bound.ok);
    CHECK(bound.status == 401);
    CHECK(bound.code == "missing_token");
  }
}
