// Interactivity: form field "payload" holding JSON. block_actions become action events:
//   button         -> action_id = the choice id, action_value = its value
//   static_select  -> the option's value is the choice id ("<flow>:<step>/<option>")
//   checkboxes     -> the one item whose tick changed, found against the ticks the message
//                     was drawn with (carried in the block id), so no state is needed
// Replies go out through the outbox to the interaction's response_url; the reply that redraws
// a record replaces the message the button was on.
#include "adapters/slack/block_kit.hpp"
#include "adapters/slack/inbound.hpp"

#include "log/log.hpp"

#include <algorithm>
#include <set>

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

std::string after_slash(const std::string& id) {
  const auto slash = id.rfind('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

}  // namespace

inbound parse_interaction(const json& p, const parse_context& ctx) {
  if (!p.is_object()) return reject("malformed_payload", "payload must be a JSON object");
  const std::string type = text_at(p, "type");
  if (type == "view_submission" || type == "view_closed") return parse_view(p, ctx);
  if (type != "block_actions") {
    log::info("slack.interaction_ignored").kv("type", type);
    return nothing_to_do();
  }
  const std::string team = p.contains("team") ? text_at(p["team"], "id") : std::string{};
  const std::string user = p.contains("user") ? text_at(p["user"], "id") : std::string{};
  auto actions = p.find("actions");
  if (team.empty() || user.empty() || actions == p.end() || !actions->is_array())
    return reject("missing_field", "block_actions needs team.id, user.id and actions");
  if (!ctx.config.team_id.empty() && team != ctx.config.team_id)
    return reject("unknown_team", "this bot is installed for a different Slack workspace");
  std::string channel = p.contains("channel") ? text_at(p["channel"], "id") : std::string{};
  if (channel.empty() && p.contains("container")) channel = text_at(p["container"], "channel_id");
  const std::string response_url = trusted_response_url(ctx.config, text_at(p, "response_url"));
  const std::string trigger = text_at(p, "trigger_id");
  // The message the button was on, so a reply can replace it (chat.update needs channel + ts
  // when there is no response_url).
  std::string message_ts = p.contains("container") ? text_at(p["container"], "message_ts") : std::string{};
  if (message_ts.empty() && p.contains("message")) message_ts = text_at(p["message"], "ts");

  // The ticks the message was drawn with, by block id, from the message when Slack sends it.
  std::map<std::string, std::vector<std::string>> drawn;
  if (auto m = p.find("message"); m != p.end() && m->is_object() && m->contains("blocks") && (*m)["blocks"].is_array())
    for (const auto& b : (*m)["blocks"])
      if (b.is_object() && b.contains("elements") && b["elements"].is_array())
        for (const auto& el : b["elements"])
          if (text_at(el, "type") == "checkboxes" && el.contains("options") && el["options"].is_array())
            for (const auto& o : el["options"]) drawn[text_at(b, "block_id")].push_back(text_at(o, "value"));

  // A click is one action; more than the cap is not a person, so the rest are ignored.
  const std::size_t cap = std::max<std::size_t>(ctx.config.max_actions_per_payload, 1);
  if (actions->size() > cap)
    log::warn("slack.actions_capped").kv("team", team).kv("actions", actions->size()).kv("handled", cap);

  inbound in;
  std::size_t index = 0;
  for (std::size_t n = 0; n < std::min(cap, actions->size()); ++n) {
    const auto& a = (*actions)[n];
    if (!a.is_object()) return reject("malformed_payload", "each action must be an object");
    core::event ev;
    ev.kind = core::event_kind::action;
    const std::string kind = text_at(a, "type");
    if (kind == "button") {
      ev.action_id = text_at(a, "action_id");
      ev.action_value = text_at(a, "value");
    } else if (kind == "static_select" && a.contains("selected_option")) {
      ev.action_id = text_at(a["selected_option"], "value");
      ev.action_value = after_slash(ev.action_id);
    } else if (kind == "checkboxes") {
      unsigned mask = 0;
      const std::string block = text_at(a, "block_id");
      auto options = drawn.find(block);
      if (!parse_checklist_block_id(block, mask) || options == drawn.end()) continue;
      std::set<std::string> now;
      if (auto s = a.find("selected_options"); s != a.end() && s->is_array())
        for (const auto& o : *s) now.insert(text_at(o, "value"));
      for (std::size_t i = 0; i < options->second.size(); ++i) {
        const bool was = (mask >> i) & 1u;
        if (was != now.contains(options->second[i])) {
          ev.action_id = options->second[i];
          break;
        }
      }
      ev.action_value = after_slash(ev.action_id);
    }
    if (ev.action_id.empty()) continue;  // an element we did not draw, or no change
    ev.platform = "slack";
    ev.tenant = team;
    ev.conversation_id = channel;
    ev.user_id = user;
    ev.user_name = text_at(p["user"], "name");
    ev.user_tenant = text_at(p["user"], "team_id");  // a Slack Connect user's own workspace
    ev.org = id_in(p, "enterprise");
    const std::string at = text_at(a, "action_ts");
    ev.delivery_id = "action:" + (trigger.empty() ? at : trigger) + "/" + std::to_string(index++);
    ev.reply = {"slack", team, channel, user, "", response_url, "", message_ts};
    ev.received_at = ctx.now;
    ev.inline_replies = 0;
    in.events.push_back(std::move(ev));
  }
  if (in.events.empty()) return nothing_to_do();
  return in;
}

}  // namespace commonsbot::adapters::slack
