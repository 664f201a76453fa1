// Helpers for the Teams adapter's unit tests: our test keys as Microsoft's, valid tokens at a
// fixed time, and fake OpenID and JWKS endpoints for the key refresher.
#pragma once

#include "adapters/teams/key_refresher.hpp"
#include "adapters/teams/signing_keys.hpp"
#include "adapters/teams/token_check.hpp"
#include "support/teams_tokens.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace teams_test {

using namespace commonsbot::adapters::teams;
namespace test = commonsbot::test;

inline constexpr const char* app_id = "0b5a3bc1-7e1f-4c55-9d2a-6f0e0c7a11d5";
inline constexpr const char* service_url = "https://smba.trafficmanager.net/apac/";
inline constexpr const char* kid = "teams-kid-1";
inline constexpr long long now_s = 1'715'000'000;

inline const std::string metadata_url = "https://login.botframework.com/v1/.well-known/openidconfiguration";
inline const std::string jwks_url = "https://login.botframework.com/v1/.well-known/keys";

// A key set holding the primary test key as `kid`, through the same parser Microsoft's JWKS takes.
inline std::shared_ptr<const key_set> primary_keys(std::vector<std::string> endorsements = {"msteams"}) {
  auto parsed = parse_jwks(test::render_jwks({{&test::teams_key::primary(), kid, std::move(endorsements)}}), 0);
  REQUIRE(parsed.keys);
  return parsed.keys;
}

inline token_rules rules_at(long long now = now_s) {
  token_rules rules;
  rules.app_id = app_id;
  rules.now = now;
  return rules;
}

inline nlohmann::json valid_claims() { return test::bot_framework_claims(app_id, service_url, now_s); }

inline std::string bearer(const std::string& token) { return "Bearer " + token; }

// "Bearer <token>" signed RS256 by the primary key as `kid`, with `claims`.
inline std::string bearer_with(const nlohmann::json& claims, const nlohmann::json& header = test::rs256_header(kid)) {
  return bearer(test::mint_rs256(test::teams_key::primary(), header, claims));
}

// Microsoft's two documents, answered from a table; every URL asked for is recorded. Safe to
// call from the refresher's thread while a test changes the answers.
class fake_key_endpoints {
 public:
  fake_key_endpoints() {
    set(metadata_url, {200, test::render_openid_metadata(jwks_url), ""});
    set(jwks_url, {200, test::render_jwks({{&test::teams_key::primary(), kid}}), ""});
  }

  void set(const std::string& url, fetch_answer answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_[url] = std::move(answer);
  }
  void serve_jwks(const std::vector<test::jwks_entry>& entries) {
    set(jwks_url, {200, test::render_jwks(entries), ""});
  }

  fetch_answer operator()(const std::string& url) {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(url);
    const auto it = answers_.find(url);
    return it == answers_.end() ? fetch_answer{404, "", ""} : it->second;
  }

  std::size_t calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_.size();
  }
  std::vector<std::string> urls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, fetch_answer> answers_;
  std::vector<std::string> calls_;
};

inline constexpr long long hour_ms = 60LL * 60 * 1000;
inline constexpr long long start_ms = now_s * 1000;

// A refresher over fake endpoints and a clock the test moves.
struct refresher_rig {
  key_holder holder;
  fake_key_endpoints endpoints;
  std::atomic<long long> clock_ms{start_ms};
  key_refresher refresher{holder, refresh_policy{metadata_url},
                          [this](const std::string& url) { return endpoints(url); },
                          [this] { return clock_ms.load(); }};

  void advance_ms(long long ms) { clock_ms += ms; }
  // A valid token at the rig's time, signed by `key` as `key_id`.
  std::string bearer_now(const std::string& key_id = kid,
                         const test::teams_key& key = test::teams_key::primary()) const {
    const auto claims = test::bot_framework_claims(app_id, service_url, clock_ms.load() / 1000);
    return bearer(test::mint_rs256(key, test::rs256_header(key_id), claims));
  }
  // verify_token against whatever the holder has now, at the rig's time.
  token_result verify(const std::string& authorization) const {
    return verify_token(authorization, holder.load().get(), rules_at(clock_ms.load() / 1000));
  }
};

}  // namespace teams_test
