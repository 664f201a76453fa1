// The flow engine: pure functions from (session, input) to (new session, replies).
//
// Nothing here reads the store, the clock or the network; the caller passes the time in and
// commits the result. That is what makes every flow testable step by step and replayable
// after a restart.
#pragma once

#include "core/message.hpp"
#include "core/person.hpp"
#include "core/role.hpp"
#include "flows/action.hpp"
#include "flows/flow_registry.hpp"
#include "flows/session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace commonsbot::flows {

struct flow_input {
  std::string text;          // typed text (trimmed by the engine)
  std::string action_id;     // a button press: "<step>/<option>" as rendered
  std::string action_value;  // the option's value
};

struct flow_context {
  const flow_registry& flows;
  core::role role = core::role::teacher;
  std::string locale;        // empty: the catalogue's default
  std::string person_name;
  long long now_ms = 0;
  long long idle_timeout_ms = 60LL * 60 * 1000;
  // For `act` steps and record buttons; a flow with act steps needs all three.
  const core::person* person = nullptr;      // who is acting
  const record_view* records = nullptr;      // committed records, read-only
  const action_registry* actions = nullptr;
};

struct flow_result {
  std::optional<session> state;  // the session to store; nullopt when the flow is over
  std::vector<core::message> replies;
  bool ended = false;            // the flow finished, was cancelled, or timed out
  flows::effects effects;        // what its actions want written and sent
};

// Starts `flow` with the command's arguments. The caller has checked the role.
flow_result start_flow(const flow_def& flow, const std::vector<std::string>& args, const flow_context& ctx);

// Continues `current` with the person's answer. Handles "cancel", "back" and "help" at any
// step, stale buttons, and sessions idle for longer than ctx.idle_timeout_ms.
flow_result resume_flow(const session& current, const flow_input& input, const flow_context& ctx);

// Runs the action behind a record button ("do:<action>|<payload>", see action.hpp): a tick
// on a plan's checklist, "ready" on a booking. No session is read or changed. Only an action
// registered as a button, for a role that may press it, runs; any other is turned down with
// "engine.button_refused" and changes nothing.
flow_result run_record_action(const std::string& action, const std::string& payload, const flow_context& ctx);

// Runs the lifecycle action "on.<what>" for a lifecycle event an adapter produced; an action
// not registered as a lifecycle action runs nothing.
flow_result run_lifecycle_action(const std::string& action, const std::string& payload, const flow_context& ctx);

// True if `s` has been idle for longer than ctx allows.
bool is_expired(const session& s, const flow_context& ctx);

// The refusal shown when someone's role may not start `flow`.
core::message refusal(const flow_def& flow, const flow_context& ctx);

}  // namespace commonsbot::flows
