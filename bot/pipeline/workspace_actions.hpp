// What the bot does when a workspace lets it go: "on.uninstalled" (Slack's app_uninstalled)
// and "on.tokens_revoked" (the bot's token revoked). Both forget the conversations in flight
// in that workspace: its sessions are erased, and the messages still waiting in the outbox
// are moved to dead_letters with the reason, so an operator sees what was not said (and can
// `commonsbot outbox retry` it after a reinstall). People, plans and the rest stay: the school
// keeps its records if it installs the app again. The workspace's Slack installation goes
// too, and for an org-wide Enterprise Grid install (the event's fields "enterprise_install"
// and "enterprise_id") the org's installation ("E1:-").
//
// A tokens_revoked that names only user tokens (fields "oauth") changes nothing: the bot keeps
// no user tokens. They live here rather than in collab because they act on the outbox.
#pragma once

#include "flows/action.hpp"

namespace commonsbot::pipeline {

void add_workspace_actions(flows::action_registry& actions);

}  // namespace commonsbot::pipeline
