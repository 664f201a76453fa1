#include "adapters/teams/activity.hpp"

#include "adapters/teams/card_actions.hpp"
#include "adapters/teams/task_form.hpp"
#include "core/json_fields.hpp"
#include "core/text.hpp"
#include "log/log.hpp"

namespace commonsbot::adapters::teams {
namespace {

using nlohmann::json;

std::string member(const json& j, const char* object, const char* name) {
  auto it = j.find(object);
  return it != j.end() && it->is_object() ? core::string_field(*it, name) : std::string();
}

inbound activity_rejected(int status, std::string code, std::string message) {
  inbound in;
  in.rejection = http::response::json_error(status, std::move(code), std::move(message));
  return in;
}

// The event every kind starts from: who, where, and where the answer goes.
core::event base_event(const json& a, const std::string& tenant) {
  core::event ev;
  ev.platform = "teams";
  ev.tenant = tenant;
  ev.conversation_id = member(a, "conversation", "id");
  ev.user_id = member(a, "from", "id");
  ev.user_name = member(a, "from", "name");
  ev.delivery_id = core::string_field(a, "id");
  ev.inline_replies = 0;  // Teams hears "got it"; replies go through the Bot Connector
  ev.reply = core::conversation_ref("teams", tenant, ev.conversation_id, ev.user_id, "",
                                    core::string_field(a, "serviceUrl"), member(a, "recipient", "id"));
  ev.direct_service_url = ev.reply.service_url;  // where their 1:1 conversation is opened later
  // The zone the person's Teams client reports, for people who have none yet.
  ev.time_zone = core::string_field(a, "localTimezone");
  if (auto e = a.find("entities"); ev.time_zone.empty() && e != a.end() && e->is_array())
    for (const auto& entity : *e)
      if (entity.is_object() && core::string_field(entity, "type") == "clientInfo")
        ev.time_zone = core::string_field(entity, "timezone");
  return ev;
}

// "library plan x" / "/library plan x" is a command; anything else answers the open flow.
void read_command_text(core::event& ev, std::string text) {
  const std::string lowered = core::to_lower_ascii(text);
  for (std::string_view word : {"/library", "library"}) {
    if (lowered.rfind(word, 0) != 0) continue;
    if (lowered.size() > word.size() && lowered[word.size()] != ' ') continue;
    ev.kind = core::event_kind::command;
    ev.text = core::trim(text.substr(word.size()));
    core::parse_command_text(ev.text, ev.command, ev.args);
    return;
  }
  ev.kind = core::event_kind::message;
  ev.text = std::move(text);
}

inbound card_actions_in(core::event base, const card_reading& reading, const std::string& reply_to) {
  inbound in;
  if (reading.actions.empty()) {
    log::info("teams.card_action_ignored").kv("reason", reading.reason);
    return in;
  }
  base.kind = core::event_kind::action;
  base.reply.message_id = reply_to;  // the card, so a redraw replaces it
  const std::string id = base.delivery_id;
  for (std::size_t i = 0; i < reading.actions.size(); ++i) {
    core::event ev = base;
    ev.action_id = reading.actions[i].action_id;
    ev.action_value = reading.actions[i].action_value;
    if (i > 0) ev.delivery_id = id + "#" + std::to_string(i);
    in.events.push_back(std::move(ev));
  }
  return in;
}

inbound message_in(const json& a, core::event ev) {
  if (auto v = a.find("value"); v != a.end() && v->is_object())
    return card_actions_in(std::move(ev), read_card_action(*v), core::string_field(a, "replyToId"));
  std::string text = without_bot_mentions(a, ev.reply.bot_id);
  inbound in;
  if (text.empty()) return in;  // a picture, a file, a bare mention: nothing to answer
  read_command_text(ev, std::move(text));
  in.events.push_back(std::move(ev));
  return in;
}

bool bot_among(const json& a, const char* list, const std::string& bot) {
  auto it = a.find(list);
  if (it == a.end() || !it->is_array()) return false;
  for (const auto& m : *it)
    if (m.is_object() && core::string_field(m, "id") == bot) return true;
  return false;
}

inbound lifecycle_in(core::event ev, std::string_view what, const json& a) {
  ev.kind = core::event_kind::lifecycle;
  ev.text = std::string(what);
  ev.fields["conversation_id"] = ev.conversation_id;
  ev.fields["service_url"] = ev.reply.service_url;
  ev.fields["bot_id"] = ev.reply.bot_id;
  ev.fields["conversation_type"] = member(a, "conversation", "conversationType");
  ev.fields["conversation_name"] = member(a, "conversation", "name");
  inbound in;
  in.events.push_back(std::move(ev));
  return in;
}

inbound conversation_update_in(const json& a, core::event ev) {
  const std::string& bot = ev.reply.bot_id;
  if (!bot.empty() && bot_among(a, "membersAdded", bot)) return lifecycle_in(std::move(ev), conversation_added, a);
  if (!bot.empty() && bot_among(a, "membersRemoved", bot)) return lifecycle_in(std::move(ev), conversation_removed, a);
  return {};  // colleagues joining, channels renamed: nothing the bot keeps
}

inbound installation_update_in(const json& a, core::event ev) {
  const std::string action = core::string_field(a, "action");
  if (action == "add") return lifecycle_in(std::move(ev), conversation_added, a);
  if (action == "remove") return lifecycle_in(std::move(ev), conversation_removed, a);
  return {};  // add-upgrade / remove-upgrade: the same conversation, a new version
}

inbound invoke_in(const json& a, core::event ev) {
  const std::string name = core::string_field(a, "name");
  const json value = a.contains("value") ? a["value"] : json();
  inbound in;
  in.ack = ack_style::synchronous_body;
  if (name == "adaptiveCard/action") {
    in = card_actions_in(std::move(ev), read_execute_invoke(value), core::string_field(a, "replyToId"));
    for (auto& e : in.events) e.inline_replies = 1;  // the first reply is the card, redrawn in the answer
    in.ack = ack_style::synchronous_body;
    in.answer_kind = answer_card_action;
    return in;
  }
  if (name == "task/fetch") {
    // Our "open the form" buttons carry the command that starts the flow.
    const json data = value.is_object() && value.contains("data") ? value["data"] : json();
    const std::string command = data.is_object() ? core::string_field(data, "command") : std::string();
    in.answer_kind = answer_task_fetch;
    if (command.empty()) return in;
    ev.kind = core::event_kind::command;
    core::parse_command_text(command, ev.command, ev.args);
    ev.text = command;
    ev.fields["trigger_id"] = std::string(task_trigger);
    ev.fields["form_in_reply"] = "yes";
    ev.inline_replies = 1;
    in.events.push_back(std::move(ev));
    return in;
  }
  if (name == "task/submit") {
    const auto submitted = read_form_submission(value.is_object() && value.contains("data") ? value["data"] : json());
    in.answer_kind = answer_task_submit;
    if (!submitted.ok) {
      log::info("teams.task_submit_ignored").kv("reason", submitted.reason);
      return in;
    }
    // The form's metadata is the reply address it was opened for: the flow's session.
    auto ref = json::parse(submitted.metadata, nullptr, false);
    if (ref.is_object()) {
      try {
        ev.reply = ref.get<core::conversation_ref>();
      } catch (const json::exception&) {
      }
    }
    ev.conversation_id = ev.reply.conversation_id;
    ev.kind = core::event_kind::form_submission;
    ev.fields = submitted.values;
    ev.inline_replies = 1;
    in.events.push_back(std::move(ev));
    return in;
  }
  log::info("teams.invoke_ignored").kv("name", name);
  return in;
}

}  // namespace

std::string tenant_of(const json& a) {
  auto cd = a.find("channelData");
  if (cd != a.end() && cd->is_object()) {
    auto t = cd->find("tenant");
    if (t != cd->end() && t->is_object() && !core::string_field(*t, "id").empty()) return core::string_field(*t, "id");
  }
  return member(a, "conversation", "tenantId");
}

std::string without_bot_mentions(const json& a, std::string_view bot_id) {
  std::string text = core::string_field(a, "text");
  if (auto e = a.find("entities"); e != a.end() && e->is_array()) {
    for (const auto& entity : *e) {
      if (!entity.is_object() || core::string_field(entity, "type") != "mention") continue;
      if (member(entity, "mentioned", "id") != bot_id) continue;
      const std::string markup = core::string_field(entity, "text");
      if (markup.empty()) continue;
      for (auto at = text.find(markup); at != std::string::npos; at = text.find(markup))
        text.erase(at, markup.size());
    }
  }
  return core::trim(text);
}

inbound parse_activity(const json& a, const settings& s) {
  if (!a.is_object()) return activity_rejected(400, "malformed_activity", "the activity must be a JSON object");
  const std::string type = core::string_field(a, "type");
  if (type.empty()) return activity_rejected(400, "malformed_activity", "the activity has no type");
  const std::string tenant = tenant_of(a);
  if (!s.allows(tenant)) {
    log::warn("teams.tenant_refused").kv("tenant", tenant);
    return activity_rejected(403, "tenant_not_allowed", "this bot does not serve that Microsoft 365 tenant");
  }
  core::event ev = base_event(a, tenant);
  if (ev.conversation_id.empty() || ev.reply.service_url.empty())
    return activity_rejected(400, "malformed_activity", "the activity needs conversation.id and serviceUrl");
  // Our own messages never come back as commands.
  if (!ev.reply.bot_id.empty() && ev.user_id == ev.reply.bot_id) return {};

  if (type == "message") {
    if (ev.user_id.empty()) return activity_rejected(400, "malformed_activity", "a message needs from.id");
    return message_in(a, std::move(ev));
  }
  if (type == "conversationUpdate") return conversation_update_in(a, std::move(ev));
  if (type == "installationUpdate") return installation_update_in(a, std::move(ev));
  if (type == "invoke") {
    if (ev.user_id.empty()) return activity_rejected(400, "malformed_activity", "an invoke needs from.id");
    return invoke_in(a, std::move(ev));
  }
  return {};  // messageReaction, typing, messageUpdate, event ...: nothing to do
}

}  // namespace commonsbot::adapters::teams
