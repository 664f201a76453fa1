// Helpers for the Slack adapter's unit tests: fixtures, signed requests, a fixed clock.
#pragma once

#include "adapters/slack/form.hpp"
#include "adapters/slack/signature.hpp"
#include "adapters/slack/slack_adapter.hpp"
#include "core/clock.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace slack_test {

using namespace commonsbot;

inline constexpr const char* secret = "8f742231b10e8888abcd99yyyzzz85a5";
inline constexpr long long now_s = 1'715'000'000;

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/slack/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  std::string body = s.str();
  while (!body.empty() && body.back() == '\n') body.pop_back();
  return body;
}

inline adapters::slack::settings test_settings() {
  adapters::slack::settings s;
  s.signing_secret = adapters::slack::secret_value(secret);
  s.bot_token = adapters::slack::secret_value("xoxb-test-token");
  s.api_base_url = "https://slack.test/api";
  return s;
}

struct fixture_adapter {
  core::manual_clock clock{core::from_epoch_ms(now_s * 1000)};
  adapters::slack::slack_adapter adapter{test_settings(), clock};
};

inline http::request signed_request(const std::string& body, const std::string& content_type,
                                    long long ts = now_s, const std::string& key = secret) {
  http::request r;
  r.method = "POST";
  r.target = r.path = "/slack/events";
  r.body = body;
  const std::string t = std::to_string(ts);
  r.headers = {{"Content-Type", content_type},
               {"X-Slack-Request-Timestamp", t},
               {"X-Slack-Signature", adapters::slack::sign(key, t, body)}};
  return r;
}

inline std::string as_payload(const std::string& json) { return "payload=" + adapters::slack::url_encode(json); }

inline constexpr const char* form = "application/x-www-form-urlencoded";
inline constexpr const char* json_type = "application/json";

// What the adapter makes of `r`, which must pass its signature check.
inline adapters::inbound handle(fixture_adapter& f, const http::request& r) {
  REQUIRE(f.adapter.verify(r).ok);
  return f.adapter.parse(r);
}

}  // namespace slack_test
