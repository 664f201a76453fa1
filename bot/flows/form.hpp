// Forms: a flow's "form" steps answered together (a Slack modal) instead of one at a time.
// Still pure: the answers go through resume_flow step by step, so a form answer meets the
// same checks (lengths, choices, the flow's own check actions) as a chat answer.
#pragma once

#include "core/form.hpp"
#include "flows/engine.hpp"

#include <map>
#include <optional>
#include <string>

namespace commonsbot::flows {

// The form for `s` when it waits at the first of its flow's form steps, else nullopt (the
// flow then carries on in chat). `trigger` and `metadata` are passed through to the form.
std::optional<core::form> form_for(const session& s, const flow_context& ctx, const std::string& trigger,
                                   const std::string& metadata);

struct form_submission {
  flow_result result;  // when ok: the flow after every answer, replies from the last one on
  // step id -> what was wrong, in words (with the step's hint). Non-empty: nothing changed,
  // and result is empty.
  std::map<std::string, std::string> errors;
  bool ok() const { return errors.empty(); }
};

// Feeds `answers` (step id -> value; a choice's value is the option id) to `current` while it
// waits at a form step. Stops at the first answer the flow turns down.
form_submission submit_form(const session& current, const std::map<std::string, std::string>& answers,
                            const flow_context& ctx);

}  // namespace commonsbot::flows
