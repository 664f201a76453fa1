// Slash commands: form fields (token, team_id, channel_id, user_id, user_name, command,
// text, response_url, trigger_id, enterprise_id, and user_team for someone from another
// workspace, a Slack Connect user or guest ...). The first reply rides in the HTTP response body;
// later ones go through the outbox to the response_url.
#include "adapters/slack/inbound.hpp"

#include "core/text.hpp"

namespace commonsbot::adapters::slack {

inbound parse_command(const form_fields& form, const parse_context& ctx) {
  for (const char* required : {"team_id", "channel_id", "user_id", "command"})
    if (field(form, required).empty())
      return reject("missing_field", std::string("slash command without ") + required);
  const std::string team = field(form, "team_id");
  if (!ctx.config.team_id.empty() && team != ctx.config.team_id)
    return reject("unknown_team", "this bot is installed for a different Slack workspace");

  core::event ev;
  ev.platform = "slack";
  ev.tenant = team;
  ev.conversation_id = field(form, "channel_id");
  ev.user_id = field(form, "user_id");
  ev.user_name = field(form, "user_name");
  ev.user_tenant = field(form, "user_team");
  ev.org = field(form, "enterprise_id");
  ev.kind = core::event_kind::command;
  ev.text = field(form, "text");
  core::parse_command_text(ev.text, ev.command, ev.args);
  // Commands are never retried by Slack, but a captured request could be replayed within
  // the signature window: the trigger id makes the replay a duplicate.
  if (const auto trigger = field(form, "trigger_id"); !trigger.empty()) ev.delivery_id = "command:" + trigger;
  ev.reply = {"slack", team, ev.conversation_id, ev.user_id, "",
              trusted_response_url(ctx.config, field(form, "response_url")), ""};
  // A flow with a form opens it as a modal with this trigger (usable once, within 3 s).
  if (const auto trigger = field(form, "trigger_id"); !trigger.empty()) ev.fields["trigger_id"] = trigger;
  ev.received_at = ctx.now;
  ev.inline_replies = 1;

  inbound in;
  in.ack = ack_style::reply_in_body;
  in.events.push_back(std::move(ev));
  return in;
}

}  // namespace commonsbot::adapters::slack
