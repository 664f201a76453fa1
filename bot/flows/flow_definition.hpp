// A flow, as data: the steps of one conversation and how they connect. Loaded from
// templates/flows/<id>.json and checked before the bot starts.
#pragma once

#include "core/role.hpp"
#include "flows/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace commonsbot::flows {

class message_catalog;

enum class step_kind {
  say,        // shows `text`, then moves to `next` without waiting
  text,       // asks `prompt`, saves the answer in `save`
  choice,     // asks `prompt` with options; saves the chosen id; an option may set its own next
  checklist,  // shows items to tick by number; "done" moves on; saves the ticked ids
  confirm,    // asks a yes/no question; goes to `yes` or `no`
  branch,     // goes to cases[vars[var]] or `otherwise`, without waiting
  commands,   // lists the commands this person may use (the help flow), then `next`
  act,        // runs a named action (action.hpp), then `next` or outcomes[its outcome]
  end,        // shows `text` if given and ends the flow
};

struct option_def {
  std::string id;
  std::string label;  // message key
  std::string next;   // optional: overrides the step's next
};

struct step_def {
  std::string id;
  step_kind kind = step_kind::say;
  std::string text;    // say / end: message key
  std::string prompt;  // asking steps: message key
  std::string hint;    // optional message key shown on "help" and after a bad answer
  std::string save;    // variable name for the answer
  std::string next;
  std::vector<option_def> options;           // choice, checklist
  std::string yes, no;                       // confirm
  std::string var;                           // branch
  std::map<std::string, std::string> cases;  // branch: value -> step
  std::string otherwise;                     // branch
  std::size_t min_length = 1, max_length = 2000;  // text
  bool optional = false;                     // text: "skip" is accepted
  std::optional<std::size_t> from_arg;       // choice/text: take the command's Nth argument as the answer
  std::string options_from;                  // choice: a variable holding [{id, label}] set by an action
  std::string action;                        // act: the action's registered name
  std::map<std::string, std::string> outcomes;  // act: outcome -> step
};

// The text and choice steps that can be answered together in one form (a Slack modal), on
// platforms that have forms. Elsewhere the flow asks them one at a time, as always.
struct form_def {
  std::string title;               // message key
  std::string submit;              // message key for the submit button
  std::vector<std::string> steps;  // in the order shown; each a text or choice step
};

struct flow_def {
  std::string id;
  std::string command;                // the /library word that starts it
  std::vector<core::role> roles;      // who may start it; empty means everyone
  std::string summary;                // message key: one line for help
  std::string usage;                  // message key: how to call it
  std::string start;
  std::map<std::string, step_def> steps;
  std::optional<form_def> form;       // optional: answer these steps in one form
  std::string source;                 // the file it came from, for problems found later

  const step_def* step(const std::string& id) const {
    auto it = steps.find(id);
    return it == steps.end() ? nullptr : &it->second;
  }
  bool allows(core::role r) const;
};

std::optional<step_kind> parse_step_kind(std::string_view text);

// Checks that every `act` step names a registered action and routes each of its outcomes.
class action_registry;
void check_actions(const flow_def& flow, const action_registry& actions, const std::string& file,
                   problem_list& problems);

// Builds a flow from `j`, appending every problem found (with its JSON path inside `file`).
// Message keys are checked against `messages`. Returns nullopt if there were errors.
std::optional<flow_def> parse_flow(const nlohmann::json& j, const std::string& file,
                                   const message_catalog& messages, problem_list& problems);

}  // namespace commonsbot::flows
