#include "adapters/teams/connector.hpp"

#include "core/form.hpp"
#include "log/log.hpp"

namespace commonsbot::adapters::teams {
namespace {

using nlohmann::json;

constexpr std::string_view conn_json_type = "application/json; charset=utf-8";

outbound_request conn_request(std::string method, std::string url, const json& body, std::string bucket) {
  outbound_request r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers.emplace_back("Content-Type", std::string(conn_json_type));
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.rate_bucket = std::move(bucket);
  return r;
}

// v3/conversations/<segment>/activities[/<activity>]; `segment` already encoded (or a
// capture placeholder that the worker encodes).
std::string conn_activities_path(std::string_view segment, std::string_view activity_id = {}) {
  std::string path = "v3/conversations/" + std::string(segment) + "/activities";
  if (!activity_id.empty()) path += "/" + encode_path_segment(activity_id);
  return path;
}

std::string conn_with_prefix(std::string_view prefix, std::string_view id) {
  return id.starts_with(prefix) ? std::string(id) : std::string(prefix) + std::string(id);
}

}  // namespace

std::string encode_path_segment(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (const char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += c;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    out += '%';
    out += hex[u >> 4];
    out += hex[u & 0xF];
  }
  return out;
}

std::string connector_url(std::string_view service_url, std::string_view path) {
  while (!service_url.empty() && service_url.back() == '/') service_url.remove_suffix(1);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return std::string(service_url) + "/" + std::string(path);
}

std::string conversation_bucket(std::string_view tenant, std::string_view conversation) {
  return "teams:" + std::string(tenant) + ":" + std::string(conversation);
}

outbound_request send_activity(std::string_view service_url, std::string_view tenant, std::string_view conversation,
                               const json& activity) {
  return conn_request("POST", connector_url(service_url, conn_activities_path(encode_path_segment(conversation))),
                      activity, conversation_bucket(tenant, conversation));
}

outbound_request reply_to_activity(std::string_view service_url, std::string_view tenant,
                                   std::string_view conversation, std::string_view reply_to, json activity) {
  activity["replyToId"] = std::string(reply_to);
  return conn_request("POST",
                      connector_url(service_url, conn_activities_path(encode_path_segment(conversation), reply_to)),
                      activity, conversation_bucket(tenant, conversation));
}

outbound_request update_activity(std::string_view service_url, std::string_view tenant,
                                 std::string_view conversation, std::string_view activity_id, json activity) {
  activity["id"] = std::string(activity_id);
  return conn_request("PUT",
                      connector_url(service_url, conn_activities_path(encode_path_segment(conversation), activity_id)),
                      activity, conversation_bucket(tenant, conversation));
}

outbound_request create_conversation(std::string_view service_url, std::string_view tenant, std::string_view bot,
                                     std::string_view user) {
  const std::string t(tenant);
  const json body = {{"bot", {{"id", conn_with_prefix("28:", bot)}}},
                     {"members", json::array({{{"id", conn_with_prefix("29:", user)}}})},
                     {"channelData", {{"tenant", {{"id", t}}}}},
                     {"isGroup", false},
                     {"tenantId", t}};
  auto r = conn_request("POST", connector_url(service_url, "v3/conversations"), body,
                        "teams:" + t + ":create_conversation");
  r.capture = "/id";
  r.capture_as = dm_conversation;
  r.remember_as = "teams:" + t + ":dm:" + std::string(user);
  return r;
}

std::vector<outbound_request> render_requests(const connector_settings& s, const core::message& m,
                                              const core::conversation_ref& to) {
  std::vector<outbound_request> out;
  if (to.service_url.empty()) {
    log::warn("teams.no_service_url").kv("tenant", to.tenant).kv("conversation", to.conversation_id);
    return out;
  }
  if (core::form_of(m)) {  // a dialog opens only as the answer to a task/fetch invoke
    log::warn("teams.form_not_sendable").kv("tenant", to.tenant);
    return out;
  }
  const bool dm = to.conversation_id.empty();
  if (dm && to.user_id.empty()) {
    log::warn("teams.no_conversation").kv("tenant", to.tenant);
    return out;
  }
  if (dm) {
    const std::string& bot = to.bot_id.empty() ? s.app_id : to.bot_id;
    if (bot.empty()) log::warn("teams.no_bot_id").kv("tenant", to.tenant);  // Teams' answer says why
    out.push_back(create_conversation(to.service_url, to.tenant, bot, to.user_id));
  }
  // After a create, the id it answers goes raw into the bucket and encoded into the URL.
  const std::string segment = dm ? capture_url_placeholder(dm_conversation) : encode_path_segment(to.conversation_id);
  const std::string bucket =
      conversation_bucket(to.tenant, dm ? capture_placeholder(dm_conversation) : to.conversation_id);
  auto activities = render_activities(m, s.cards);
  for (std::size_t i = 0; i < activities.size(); ++i) {
    auto& a = activities[i];
    std::string method = "POST", activity_id;
    if (i == 0 && !dm && m.replace_original && !to.message_id.empty()) {
      method = "PUT";  // only the first part takes the original's place; the rest follow it
      activity_id = to.message_id;
      a["id"] = activity_id;
    } else if (!dm && !to.thread_id.empty()) {
      activity_id = to.thread_id;
      a["replyToId"] = activity_id;
    }
    out.push_back(conn_request(method, connector_url(to.service_url, conn_activities_path(segment, activity_id)), a,
                               bucket));
  }
  return out;
}

}  // namespace commonsbot::adapters::teams
