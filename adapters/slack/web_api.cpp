#include "adapters/slack/web_api.hpp"

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

constexpr std::string_view json_content_type = "application/json; charset=utf-8";

json message_body(const page& p) { return {{"text", p.text}, {"blocks", p.blocks}}; }

}  // namespace

std::string channel_bucket(const std::string& team, const std::string& channel) {
  return "slack:" + team + ":" + channel;
}

std::string method_bucket(const std::string& team, const std::string& method) {
  return "slack:" + team + ":" + method;
}

outbound_request api_call(const settings& s, const std::string& method, const json& body, std::string rate_bucket) {
  outbound_request r;
  r.url = s.api_base_url + "/" + method;
  r.headers.emplace_back("Content-Type", std::string(json_content_type));
  r.headers.emplace_back("Authorization", "Bearer " + s.bot_token.reveal());
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.rate_bucket = std::move(rate_bucket);
  return r;
}

outbound_request post_message(const settings& s, const std::string& team, const std::string& channel,
                              const std::string& thread_ts, const page& p) {
  json body = message_body(p);
  body["channel"] = channel;
  if (!thread_ts.empty()) body["thread_ts"] = thread_ts;
  return api_call(s, "chat.postMessage", body, channel_bucket(team, channel));
}

outbound_request post_ephemeral(const settings& s, const std::string& team, const std::string& channel,
                                const std::string& user, const std::string& thread_ts, const page& p) {
  json body = message_body(p);
  body["channel"] = channel;
  body["user"] = user;
  if (!thread_ts.empty()) body["thread_ts"] = thread_ts;
  return api_call(s, "chat.postEphemeral", body, method_bucket(team, "chat.postEphemeral"));
}

outbound_request update_message(const settings& s, const std::string& team, const std::string& channel,
                                const std::string& ts, const page& p) {
  json body = message_body(p);
  body["channel"] = channel;
  body["ts"] = ts;
  return api_call(s, "chat.update", body, method_bucket(team, "chat.update"));
}

outbound_request open_conversation(const settings& s, const std::string& team, const std::string& user) {
  return api_call(s, "conversations.open", {{"users", user}, {"return_im", true}},
                  method_bucket(team, "conversations.open"));
}

outbound_request open_view(const settings& s, const std::string& team, const std::string& trigger_id,
                           const json& view) {
  return api_call(s, "views.open", {{"trigger_id", trigger_id}, {"view", view}}, method_bucket(team, "views.open"));
}

outbound_request publish_view(const settings& s, const std::string& team, const std::string& user, const json& view) {
  return api_call(s, "views.publish", {{"user_id", user}, {"view", view}}, method_bucket(team, "views.publish"));
}

outbound_request respond(const std::string& team, const std::string& channel, const std::string& response_url,
                         const std::string& response_type, bool replace_original, const page& p) {
  outbound_request r;
  r.url = response_url;
  r.headers.emplace_back("Content-Type", std::string(json_content_type));
  json body = message_body(p);
  body["response_type"] = response_type;
  body["replace_original"] = replace_original;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.rate_bucket = channel_bucket(team, channel);
  return r;
}

std::vector<outbound_request> render_requests(const settings& s, const core::message& m,
                                              const core::conversation_ref& to) {
  std::vector<outbound_request> out;
  for (const auto& p : render_pages(m)) {
    if (!to.service_url.empty())
      out.push_back(respond(to.tenant, to.conversation_id, to.service_url, s.response_type, false, p));
    else if (m.ephemeral && !to.conversation_id.empty() && !to.user_id.empty())
      out.push_back(post_ephemeral(s, to.tenant, to.conversation_id, to.user_id, to.thread_id, p));
    else
      out.push_back(post_message(s, to.tenant, to.conversation_id.empty() ? to.user_id : to.conversation_id,
                                 to.thread_id, p));
  }
  return out;
}

}  // namespace commonsbot::adapters::slack
