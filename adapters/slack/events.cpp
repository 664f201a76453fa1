// Events API: url_verification, app_rate_limited and event_callback envelopes. The envelope's
// event_id is the same on every retry, so it is the delivery id the pipeline dedupes on.
#include "adapters/slack/inbound.hpp"

#include "core/text.hpp"
#include "log/log.hpp"

#include <set>

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

// "<@U123> plan Rivers" -> "plan Rivers": the leading mention of the bot is not the text.
std::string without_leading_mentions(std::string text) {
  for (;;) {
    const auto t = core::trim(text);
    if (t.rfind("<@", 0) != 0) return t;
    const auto close = t.find('>');
    if (close == std::string::npos) return t;
    text = t.substr(close + 1);
  }
}

core::event text_event(const json& envelope, const json& e, std::string text) {
  core::event ev;
  ev.platform = "slack";
  ev.tenant = text_at(envelope, "team_id");
  ev.conversation_id = text_at(e, "channel");
  ev.user_id = text_at(e, "user");
  // A Slack Connect user's message names their own workspace; the envelope's is ours.
  ev.user_tenant = text_at(e, "user_team");
  ev.org = text_at(envelope, "enterprise_id");
  // "/library plan x" or "library plan x" typed in a DM or a mention is a command.
  const std::string lowered = core::to_lower_ascii(text);
  if (lowered.rfind("/library", 0) == 0 || lowered.rfind("library ", 0) == 0 || lowered == "library") {
    ev.kind = core::event_kind::command;
    const auto space = text.find(' ');
    ev.text = space == std::string::npos ? std::string{} : core::trim(text.substr(space + 1));
    core::parse_command_text(ev.text, ev.command, ev.args);
  } else {
    ev.kind = core::event_kind::message;
    ev.text = std::move(text);
  }
  ev.delivery_id = text_at(envelope, "event_id");
  ev.reply = {"slack", ev.tenant, ev.conversation_id, ev.user_id, text_at(e, "thread_ts"), "", ""};
  ev.inline_replies = 0;  // an event's ack carries nothing; every reply goes through the outbox
  return ev;
}

// Our own bot user: from config, else from the delivery's single authorization.
std::string bot_user(const json& envelope, const settings& s) {
  if (!s.bot_user_id.empty()) return s.bot_user_id;
  auto a = envelope.find("authorizations");
  if (a != envelope.end() && a->is_array() && !a->empty() && (*a)[0].is_object() && (*a)[0].value("is_bot", false))
    return text_at((*a)[0], "user_id");
  return {};
}

}  // namespace

inbound parse_events_api(const json& body, const parse_context& ctx) {
  if (!body.is_object()) return reject("malformed_json", "the Events API body must be a JSON object");
  const std::string type = text_at(body, "type");
  if (type == "url_verification") {
    const std::string challenge = text_at(body, "challenge");
    if (challenge.empty()) return reject("missing_field", "url_verification without a challenge");
    inbound in;
    in.immediate = http::response::json(200, json{{"challenge", challenge}}.dump());
    return in;
  }
  if (type == "app_rate_limited") {
    log::warn("slack.app_rate_limited").kv("team", text_at(body, "team_id"));
    return nothing_to_do();
  }
  if (type != "event_callback") return nothing_to_do();

  // An org-wide (Enterprise Grid) install's own events may name only the org.
  const std::string team = text_at(body, "team_id").empty() ? text_at(body, "enterprise_id") : text_at(body, "team_id");
  const std::string event_id = text_at(body, "event_id");
  auto e_it = body.find("event");
  if (team.empty() || event_id.empty() || e_it == body.end() || !e_it->is_object())
    return reject("missing_field", "event_callback needs team_id (or enterprise_id), event_id and an event object");
  if (!ctx.config.team_id.empty() && team != ctx.config.team_id)
    return reject("unknown_team", "this bot is installed for a different Slack workspace");
  const json& e = *e_it;
  const std::string kind = text_at(e, "type");
  const std::string me = bot_user(body, ctx.config);

  inbound in;
  if (kind == "app_mention" || (kind == "message" && text_at(e, "channel_type") == "im")) {
    // Bots (ourselves included) and edits/deletions/joins are not people talking to us.
    if (e.contains("bot_id") || e.contains("subtype") || text_at(e, "user").empty() ||
        (!me.empty() && text_at(e, "user") == me))
      return nothing_to_do();
    auto ev = text_event(body, e, kind == "app_mention" ? without_leading_mentions(text_at(e, "text"))
                                                        : core::trim(text_at(e, "text")));
    if (kind == "app_mention" && ev.reply.thread_id.empty()) ev.reply.thread_id = text_at(e, "ts");
    ev.received_at = ctx.now;
    in.events.push_back(std::move(ev));
    return in;
  }
  if (auto ev = parse_lifecycle_event(body, e, ctx)) {
    in.events.push_back(std::move(*ev));
    return in;
  }
  log::info("slack.event_ignored").kv("type", kind).kv("event_id", event_id);
  return nothing_to_do();
}

}  // namespace commonsbot::adapters::slack
