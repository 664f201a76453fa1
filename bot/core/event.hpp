// Event: one normalised input from any platform. Adapters build these at the edge; nothing
// past the adapter sees a platform payload.
#pragma once

#include "core/conversation_ref.hpp"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace commonsbot::core {

enum class event_kind {
  command,          // "/library plan Rivers" : command = "plan", args = {"Rivers"}
  message,          // free text in a DM or a mention; answers the current flow step
  action,           // a button press or a choice picked: action_id + action_value
  form_submission,  // a modal or card form: fields
  lifecycle,        // installed, uninstalled, home opened ...: text names which
};

struct event {
  std::string platform;
  std::string tenant;
  std::string conversation_id;
  std::string user_id;
  std::string user_name;  // display name where the platform gives it
  event_kind kind = event_kind::message;

  std::string text;                   // the raw text typed, without the command word
  std::string command;                // command events: the sub-command, e.g. "help"
  std::vector<std::string> args;      // command events: the words after it
  std::string action_id;              // action events
  std::string action_value;
  // Form submissions: field id -> answer. Commands and lifecycle events may carry hints:
  // "trigger_id" (a form can open now), "form_in_reply" (the form goes in the
  // acknowledgement, as a Teams task module does, not through the outbox).
  std::map<std::string, std::string> fields;
  // Where this person can be reached later, unprompted (Teams: the activity's serviceUrl,
  // where a 1:1 conversation is opened). Kept with the person; empty: nothing to keep (a
  // Slack response_url in reply.service_url expires, so it is never kept).
  std::string direct_service_url;
  // The person's IANA zone as their client reports it (Teams' localTimezone); used only for
  // people who have none yet. Empty: unknown.
  std::string time_zone;

  // The tenant the person belongs to, where the platform says so and it may differ from
  // `tenant` (Slack: a Slack Connect user or a guest from another workspace, whose user_team
  // is not the envelope's team_id). Empty: the event's own tenant. An outsider is refused
  // unless the platform's config lets them in (the pipeline's outsiders_allowed).
  std::string user_tenant;
  // The organisation the tenant belongs to, as the platform's verified request says (Slack's
  // Enterprise Grid enterprise_id). Kept with the tenant when first seen, so an org-wide
  // installation's token is only ever used for a workspace the org provably includes.
  std::string org;

  std::string delivery_id;  // the platform's id for this delivery; retries repeat it
  // How many replies the platform's acknowledgement carries (a Slack command's response body
  // takes one); the pipeline puts the rest in the outbox in the event's own transaction.
  // -1: the caller shows them all (the console).
  int inline_replies = -1;
  conversation_ref reply;   // where the answer goes
  std::chrono::system_clock::time_point received_at{};
};

std::string_view to_string(event_kind k);

// Splits "/library plan Rivers unit" or "plan Rivers unit" into command and args. Quoted
// phrases stay together: plan "Water cycle" -> {"plan", {"Water cycle"}}.
void parse_command_text(std::string_view text, std::string& command, std::vector<std::string>& args);

}  // namespace commonsbot::core
