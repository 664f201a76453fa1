// Internal to the engine: how each asking step is shown and how an answer to it is read.
#pragma once

#include "flows/engine.hpp"

namespace commonsbot::flows::detail {

// What an answer did.
struct answer {
  enum class outcome { advance, stay, reject };
  outcome result = outcome::reject;
  std::string next;              // advance: the step to go to (empty ends the flow)
  std::string problem_key;       // reject: message key that says what was wrong
  variables problem_vars;
};

// Interprets `input` for asking step `step`, updating `s.vars`. Never throws on bad input.
answer apply_answer(const step_def& step, const flow_input& input, session& s, const flow_context& ctx);

// The message that asks `step`'s question, with its buttons or checklist.
core::message prompt_for(const step_def& step, const session& s, const flow_context& ctx);

// The list of commands this person may use (or one command's usage), for the help flow.
core::message command_list(const std::vector<std::string>& args, const flow_context& ctx);

// Variables for message interpolation: the session's text answers plus the person's name.
variables vars_of(const session& s, const flow_context& ctx);

bool is_asking(step_kind k);

}  // namespace commonsbot::flows::detail
