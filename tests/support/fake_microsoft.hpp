// The Microsoft side of a Teams bot on one loopback server, for end-to-end tests: the
// OpenID metadata and the JWKS (our test keys, teams_tokens.hpp), the Entra token endpoint
// (client credentials), and the Bot Connector under a service URL. Plus what a test needs to
// play Teams itself: fixture activities pointed at this server, and tokens signed for them.
//
//   fake_microsoft ms;
//   ... "openid_metadata_url": ms.metadata_url(), "login_url": ms.login_url() ...
//   json a = ms.activity("message_personal.json");          // serviceUrl = ms.service_url()
//   post(port, "/api/messages", a.dump(), ms.signed_headers(a));
//   eventually([&] { return ms.connector_calls().size() == 1; });
//
// Failure modes: keys_down (metadata and JWKS answer 500), rotate (the JWKS holds only a new
// key), refuse_tokens (401 invalid_client); Connector failures through http().on(...), e.g.
// http().on("/v3/conversations", fake_microsoft::roster_refusal(), 1).
#pragma once

#include "support/fake_platform.hpp"
#include "support/http_client.hpp"
#include "support/teams_tokens.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace commonsbot::test {

class fake_microsoft {
 public:
  // Our bot's registration and the school's tenant, as the fixtures and configs name them.
  static constexpr const char* app_id = "a1b2c3d4-0000-4000-8000-00000000b07a";
  static constexpr const char* app_password = "it-teams-client-secret";
  static constexpr const char* tenant = "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f";
  static constexpr const char* primary_kid = "it-teams-kid-1";
  static constexpr const char* rotated_kid = "it-teams-kid-2";
  // In the JWKS from the start, signed by teams_key::other(), endorsed for skype and webchat only.
  static constexpr const char* skype_kid = "it-teams-kid-skype";
  static std::string bot_id() { return std::string("28:") + app_id; }

  fake_microsoft();
  ~fake_microsoft();
  fake_microsoft(const fake_microsoft&) = delete;
  fake_microsoft& operator=(const fake_microsoft&) = delete;

  std::string metadata_url() const;  // .../v1/.well-known/openidconfiguration
  std::string jwks_url() const;
  std::string login_url() const;     // token endpoint: <login_url>/<tenant>/oauth2/v2.0/token
  std::string service_url() const;   // the Bot Connector, with a trailing '/' as Teams sends it

  // Signing keys.
  void keys_down(bool down);  // metadata and JWKS answer 500
  void rotate();              // the JWKS holds only teams_key::other() under rotated_kid
  void set_jwks(std::vector<jwks_entry> entries);
  std::size_t jwks_fetches() const;

  // The token endpoint.
  void refuse_tokens(bool refuse);
  std::size_t token_calls() const;  // every POST to the endpoint, granted or not
  std::string access_token() const;  // what it grants

  // The Bot Connector: every call under service_url(), in order.
  std::vector<recorded_request> connector_calls() const;
  // Conversation ids POST /v3/conversations handed out.
  std::vector<std::string> created_conversations() const;
  static fake_response roster_refusal();  // 403 BotNotInConversationRoster
  fake_platform& http() { return api_; }

  // Tests playing Teams: a fixture from tests/fixtures/teams/ with {{SERVICE_URL}},
  // {{BOT_ID}}, {{APP_ID}}, {{TENANT}} and `vars` ({{NAME}} -> value) filled in.
  nlohmann::json activity(const std::string& fixture, const std::map<std::string, std::string>& vars = {}) const;
  // Valid claims for an activity posted to service_url() now (wall clock).
  nlohmann::json claims() const;
  // A token signed with the current primary key (or `key` under `kid`).
  static std::string token(const nlohmann::json& claims, const std::string& kid = primary_kid,
                           const teams_key& key = teams_key::primary());
  // Content-Type and a valid bearer token whose serviceurl claim is the activity's serviceUrl.
  header_list signed_headers(const nlohmann::json& activity) const;
  static header_list bearer(const std::string& token);

 private:
  struct state;
  fake_platform api_;
  std::shared_ptr<state> state_;
};

}  // namespace commonsbot::test
