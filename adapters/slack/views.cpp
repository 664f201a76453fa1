// Modal answers: view_submission carries every input block's value (block id = the flow
// step), and the private_metadata the modal was opened with (the conversation the command
// came from, so the answers find that session). The HTTP response is built from the
// result: {"response_action": "errors"} naming the fields to fix, or "clear". view_closed
// (the person pressed Cancel) cancels the flow.
#include "adapters/slack/inbound.hpp"
#include "adapters/slack/modal.hpp"

#include "log/log.hpp"

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

// One input element's value, whatever its type.
std::string value_of(const json& el) {
  if (!el.is_object()) return {};
  if (auto o = el.find("selected_option"); o != el.end() && o->is_object()) return text_at(*o, "value");
  for (const char* key : {"value", "selected_date", "selected_time", "selected_user", "selected_channel"})
    if (auto v = el.find(key); v != el.end() && v->is_string()) return v->get<std::string>();
  return {};
}

}  // namespace

std::map<std::string, std::string> view_values(const json& view) {
  std::map<std::string, std::string> out;
  const auto state = view.find("state");
  if (state == view.end() || !state->is_object()) return out;
  const auto values = state->find("values");
  if (values == state->end() || !values->is_object()) return out;
  for (auto block = values->begin(); block != values->end(); ++block) {
    if (!block->is_object() || block->empty()) continue;
    // One element per input block: its action id is the block id, but any is taken.
    auto el = block->find(block.key());
    out[block.key()] = value_of(el != block->end() ? *el : block->begin().value());
  }
  return out;
}

inbound parse_view(const json& p, const parse_context& ctx) {
  const std::string type = text_at(p, "type");
  const std::string team = p.contains("team") && p["team"].is_object() ? text_at(p["team"], "id") : std::string{};
  const std::string user = p.contains("user") && p["user"].is_object() ? text_at(p["user"], "id") : std::string{};
  const auto view = p.find("view");
  if (team.empty() || user.empty() || view == p.end() || !view->is_object())
    return reject("missing_field", type + " needs team.id, user.id and view");
  if (!ctx.config.team_id.empty() && team != ctx.config.team_id)
    return reject("unknown_team", "this bot is installed for a different Slack workspace");
  if (text_at(*view, "callback_id") != form_callback_id) {
    log::info("slack.view_ignored").kv("callback_id", text_at(*view, "callback_id"));
    return nothing_to_do();
  }
  core::event ev;
  ev.platform = "slack";
  ev.tenant = team;
  // The reply address the command had (see app/pipeline offer_form): the session is kept
  // under its conversation, and what follows goes back the way the command's answer would
  // (its response_url, still checked), so buttons on it come back to the same session.
  // Without one (metadata lost), the person's DM.
  core::conversation_ref back{"slack", team, "", user};
  if (auto md = json::parse(text_at(*view, "private_metadata"), nullptr, false); md.is_object()) {
    back.conversation_id = text_at(md, "conversation_id");
    back.service_url = trusted_response_url(ctx.config, text_at(md, "service_url"));
  }
  ev.conversation_id = back.conversation_id;
  ev.user_id = user;
  ev.user_name = text_at(p["user"], "name");
  ev.user_tenant = text_at(p["user"], "team_id");  // a Slack Connect user's own workspace
  ev.org = id_in(p, "enterprise");
  ev.reply = back;
  if (back.service_url.empty()) ev.reply.conversation_id.clear();  // never post in a channel for all to see
  ev.received_at = ctx.now;
  ev.inline_replies = 0;
  inbound in;
  if (type == "view_closed") {
    ev.kind = core::event_kind::message;
    ev.text = "cancel";
    ev.delivery_id = "view_closed:" + text_at(*view, "id");
  } else {
    ev.kind = core::event_kind::form_submission;
    ev.fields = view_values(*view);
    // Each submission has its own trigger; a replay of the same one is a duplicate.
    if (const auto trigger = text_at(p, "trigger_id"); !trigger.empty()) ev.delivery_id = "view:" + trigger;
    in.ack = ack_style::synchronous_body;
  }
  in.events.push_back(std::move(ev));
  return in;
}

}  // namespace commonsbot::adapters::slack
