#include "adapters/slack/web_api.hpp"

#include "adapters/slack/modal.hpp"
#include "core/form.hpp"

#include "log/log.hpp"

#include <utility>

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

constexpr std::string_view json_content_type = "application/json; charset=utf-8";

json message_body(const page& p) { return {{"text", p.text}, {"blocks", p.blocks}}; }

// The capture name the DM's channel travels under, from conversations.open to the posts.
constexpr std::string_view dm_channel = "dm_channel";

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

outbound_request open_dm(const settings& s, const std::string& team, const std::string& user) {
  auto r = open_conversation(s, team, user);
  r.capture = "/channel/id";
  r.capture_as = dm_channel;
  r.remember_as = "slack:" + team + ":dm:" + user;
  return r;
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
  // A replacement keeps the original's visibility (an ephemeral card stays ephemeral), so
  // it says nothing about it.
  if (!replace_original) body["response_type"] = response_type;
  body["replace_original"] = replace_original;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.rate_bucket = channel_bucket(team, channel);
  return r;
}

json home_view(const core::message& m) {
  json blocks = json::array();
  for (auto& p : render_pages(m))
    for (auto& b : p.blocks) blocks.push_back(std::move(b));
  if (blocks.size() > max_blocks_per_view) {
    // A Home tab cannot be paged. The home action keeps well under the limit; should it not,
    // the cut is said on the page itself and in the log, never silent.
    log::warn("slack.home_too_long").kv("blocks", blocks.size());
    blocks.erase(blocks.begin() + static_cast<std::ptrdiff_t>(max_blocks_per_view - 1), blocks.end());
    blocks.push_back({{"type", "context"},
                      {"elements", json::array({{{"type", "mrkdwn"},
                                                 {"text", "There is more than fits here: type /library help."}}})}});
  }
  return {{"type", "home"}, {"blocks", std::move(blocks)}};
}

std::vector<outbound_request> render_requests(const settings& s, const core::message& m,
                                              const core::conversation_ref& to) {
  std::vector<outbound_request> out;
  if (auto form = core::form_of(m); form && !form->trigger.empty()) {
    out.push_back(open_view(s, to.tenant, form->trigger, modal_view(*form)));
    return out;
  }
  if (m.surface == core::home_surface && !to.user_id.empty()) {
    out.push_back(publish_view(s, to.tenant, to.user_id, home_view(m)));
    return out;
  }
  // A DM (a user, no channel) is opened first, and its pages post to the channel it answers.
  const bool dm = to.service_url.empty() && to.conversation_id.empty() && !to.user_id.empty();
  if (dm) out.push_back(open_dm(s, to.tenant, to.user_id));
  const std::string channel = dm ? capture_placeholder(dm_channel) : to.conversation_id;
  bool first = true;
  for (const auto& p : render_pages(m)) {
    // Only the first page can take the original's place; any further pages follow it.
    const bool replace = m.replace_original && std::exchange(first, false);
    if (!to.service_url.empty())
      out.push_back(respond(to.tenant, to.conversation_id, to.service_url, s.response_type, replace, p));
    else if (replace && !to.conversation_id.empty() && !to.message_id.empty())
      out.push_back(update_message(s, to.tenant, to.conversation_id, to.message_id, p));
    else if (m.ephemeral && !to.conversation_id.empty() && !to.user_id.empty())
      out.push_back(post_ephemeral(s, to.tenant, to.conversation_id, to.user_id, to.thread_id, p));
    else
      out.push_back(post_message(s, to.tenant, channel, to.thread_id, p));
  }
  return out;
}

}  // namespace commonsbot::adapters::slack
