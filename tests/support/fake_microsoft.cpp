#include "support/fake_microsoft.hpp"

#include "support/wall_clock.hpp"

#include <fstream>
#include <iterator>
#include <mutex>

namespace commonsbot::test {
namespace {

using nlohmann::json;

constexpr const char* ms_metadata_path = "/v1/.well-known/openidconfiguration";
constexpr const char* ms_jwks_path = "/v1/.well-known/keys";
constexpr const char* ms_service_path = "/smba/amer/";
constexpr const char* ms_scope = "https://api.botframework.com/.default";

std::string ms_url_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') out += ' ';
    else if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else out += s[i];
  }
  return out;
}

std::map<std::string, std::string> ms_form(const std::string& body) {
  std::map<std::string, std::string> out;
  std::size_t at = 0;
  while (at <= body.size()) {
    const auto amp = body.find('&', at);
    const std::string pair = body.substr(at, amp == std::string::npos ? std::string::npos : amp - at);
    const auto eq = pair.find('=');
    if (eq != std::string::npos) out[ms_url_decode(pair.substr(0, eq))] = ms_url_decode(pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    at = amp + 1;
  }
  return out;
}

void ms_replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

}  // namespace

struct fake_microsoft::state {
  mutable std::mutex mutex;
  bool keys_down = false;
  bool refuse_tokens = false;
  // Microsoft's set holds keys for other channels too; one is endorsed without msteams.
  std::vector<jwks_entry> jwks{{&teams_key::primary(), primary_kid},
                               {&teams_key::other(), skype_kid, {"skype", "webchat"}}};
  std::size_t jwks_fetches = 0;
  std::size_t token_calls = 0;
  std::size_t next_id = 1;
  std::vector<std::string> created;
  std::string base;  // http://127.0.0.1:<port>

  // Everything the server answers beyond the failures a test queues on it.
  std::optional<fake_response> answer(const recorded_request& r) {
    std::lock_guard lock(mutex);
    const std::string path = r.target.substr(0, r.target.find('?'));
    if (path == ms_metadata_path || path == ms_jwks_path) {
      if (keys_down) return fake_response::error(500, R"({"error":"unavailable"})");
      if (path == ms_metadata_path) return fake_response::ok(render_openid_metadata(base + ms_jwks_path));
      ++jwks_fetches;
      return fake_response::ok(render_jwks(jwks));
    }
    if (path == std::string("/") + tenant + "/oauth2/v2.0/token") {
      ++token_calls;
      if (r.method != "POST") return fake_response::error(405, R"({"error":"invalid_request"})");
      const auto f = ms_form(r.body);
      auto field = [&f](const char* k) { auto it = f.find(k); return it == f.end() ? std::string() : it->second; };
      if (field("grant_type") != "client_credentials" || field("scope") != ms_scope)
        return fake_response::error(400, R"({"error":"invalid_request"})");
      if (refuse_tokens || field("client_id") != app_id || field("client_secret") != app_password)
        return fake_response::error(401, R"({"error":"invalid_client","error_description":"AADSTS7000215"})");
      return fake_response::ok(
          json{{"token_type", "Bearer"}, {"expires_in", 3600}, {"ext_expires_in", 3600}, {"access_token", granted()}}.dump());
    }
    if (path.rfind(ms_service_path, 0) == 0) {
      const std::string rest = path.substr(std::string(ms_service_path).size());
      if (rest == "v3/conversations" && r.method == "POST") {
        const std::string id = "a:it-dm-" + std::to_string(next_id++);
        created.push_back(id);
        return fake_response::ok(json{{"id", id}}.dump());
      }
      if (rest.rfind("v3/conversations/", 0) == 0 && rest.find("/activities") != std::string::npos &&
          (r.method == "POST" || r.method == "PUT"))
        return fake_response::ok(json{{"id", "17" + std::to_string(1000000 + next_id++)}}.dump());
      return fake_response::error(404, R"({"error":{"code":"ConversationNotFound","message":"not here"}})");
    }
    return fake_response::error(404, R"({"error":"not_found"})");
  }

  static std::string granted() { return "it-connector-token-0001"; }
};

fake_microsoft::fake_microsoft() : state_(std::make_shared<state>()) {
  state_->base = api_.url("");
  api_.set_responder([s = state_](const recorded_request& r) { return s->answer(r); });
}

fake_microsoft::~fake_microsoft() = default;

std::string fake_microsoft::metadata_url() const { return api_.url(ms_metadata_path); }
std::string fake_microsoft::jwks_url() const { return api_.url(ms_jwks_path); }
std::string fake_microsoft::login_url() const { return api_.url(""); }
std::string fake_microsoft::service_url() const { return api_.url(ms_service_path); }

void fake_microsoft::keys_down(bool down) {
  std::lock_guard lock(state_->mutex);
  state_->keys_down = down;
}

void fake_microsoft::rotate() { set_jwks({{&teams_key::other(), rotated_kid}}); }

void fake_microsoft::set_jwks(std::vector<jwks_entry> entries) {
  std::lock_guard lock(state_->mutex);
  state_->jwks = std::move(entries);
}

std::size_t fake_microsoft::jwks_fetches() const {
  std::lock_guard lock(state_->mutex);
  return state_->jwks_fetches;
}

void fake_microsoft::refuse_tokens(bool refuse) {
  std::lock_guard lock(state_->mutex);
  state_->refuse_tokens = refuse;
}

std::size_t fake_microsoft::token_calls() const {
  std::lock_guard lock(state_->mutex);
  return state_->token_calls;
}

std::string fake_microsoft::access_token() const { return state::granted(); }

std::vector<recorded_request> fake_microsoft::connector_calls() const {
  std::vector<recorded_request> out;
  for (auto& r : api_.requests())
    if (r.target.rfind(ms_service_path, 0) == 0) out.push_back(std::move(r));
  return out;
}

std::vector<std::string> fake_microsoft::created_conversations() const {
  std::lock_guard lock(state_->mutex);
  return state_->created;
}

fake_response fake_microsoft::roster_refusal() {
  return fake_response::error(
      403, R"({"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}})");
}

json fake_microsoft::activity(const std::string& fixture, const std::map<std::string, std::string>& vars) const {
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/teams/" + fixture, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  ms_replace_all(text, "{{SERVICE_URL}}", service_url());
  ms_replace_all(text, "{{BOT_ID}}", bot_id());
  ms_replace_all(text, "{{APP_ID}}", app_id);
  ms_replace_all(text, "{{TENANT}}", tenant);
  for (const auto& [k, v] : vars) ms_replace_all(text, "{{" + k + "}}", v);
  return json::parse(text);  // throws on a fixture that isn't JSON: a test bug
}

json fake_microsoft::claims() const { return bot_framework_claims(app_id, service_url(), wall_s()); }

std::string fake_microsoft::token(const json& claims, const std::string& kid, const teams_key& key) {
  return mint_rs256(key, rs256_header(kid), claims);
}

header_list fake_microsoft::signed_headers(const json& activity) const {
  json c = claims();
  c["serviceurl"] = activity.value("serviceUrl", std::string());
  return bearer(token(c));
}

header_list fake_microsoft::bearer(const std::string& token) {
  return {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
}

}  // namespace commonsbot::test
