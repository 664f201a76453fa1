#include "flows/engine.hpp"

#include "core/text.hpp"
#include "flows/steps.hpp"

#include <algorithm>
#include <iterator>

namespace commonsbot::flows {
namespace {

using detail::answer;

// Steps that move on without waiting (say, branch, commands) could loop forever in a badly
// written flow; this caps how many run for one input.
constexpr int max_steps_per_input = 64;

std::string say(const flow_context& ctx, const std::string& key, const variables& vars = {}) {
  return ctx.flows.messages().text(ctx.locale, key, vars);
}

core::message text_message(std::string text) {
  core::message m;
  m.text = std::move(text);
  return m;
}

// Runs from `step_id` until a step waits for an answer or the flow ends.
flow_result run_from(const flow_def& flow, std::string step_id, session s, const std::vector<std::string>& args,
                     const flow_context& ctx, flow_result result) {
  for (int guard = 0; guard < max_steps_per_input; ++guard) {
    if (step_id.empty()) {
      result.state.reset();
      result.ended = true;
      return result;
    }
    const step_def* step = flow.step(step_id);
    if (!step) {
      result.replies.push_back(text_message(say(ctx, "engine.broken_flow", {{"flow", flow.id}})));
      result.state.reset();
      result.ended = true;
      return result;
    }
    const auto vars = detail::vars_of(s, ctx);
    switch (step->kind) {
      case step_kind::say:
        result.replies.push_back(text_message(say(ctx, step->text, vars)));
        step_id = step->next;
        continue;
      case step_kind::commands:
        result.replies.push_back(detail::command_list(args, ctx));
        step_id = step->next;
        continue;
      case step_kind::branch: {
        const auto& v = s.vars.contains(step->var) && s.vars[step->var].is_string()
                            ? s.vars[step->var].get<std::string>()
                            : std::string();
        auto it = step->cases.find(v);
        step_id = it != step->cases.end() ? it->second : (!step->otherwise.empty() ? step->otherwise : step->next);
        continue;
      }
      case step_kind::act: {
        // The action checks the person's role each time it runs: a role may have changed
        // since the flow started (an admin demoted halfway through /library role).
        if (ctx.actions && ctx.actions->contains(step->action) &&
            !ctx.actions->find(step->action, reach::flow_step, ctx.role)) {
          core::message m = text_message(say(ctx, "engine.step_refused", {{"command", flow.command},
                                                                           {"role", std::string(core::display_name(ctx.role))}}));
          m.ephemeral = true;
          result.replies.push_back(std::move(m));
          result.effects = {};  // nothing an earlier step of this turn asked for happens either
          result.state.reset();
          result.ended = true;
          return result;
        }
        const action_fn* fn = ctx.actions ? ctx.actions->find(step->action) : nullptr;
        if (!fn || !ctx.records || !ctx.person) break;  // reported as a broken flow below
        action_call call{"", args, s.vars, ctx, result.effects};
        action_result done = (*fn)(call);
        for (auto& m : done.replies) result.replies.push_back(std::move(m));
        if (done.outcome.empty()) {
          step_id = step->next;
          continue;
        }
        auto it = step->outcomes.find(done.outcome);
        if (it == step->outcomes.end()) break;
        // An outcome that sends the person back to an earlier question (a check that
        // failed) rewinds the history too, so "back" then goes to the question before it.
        if (auto h = std::find(s.history.rbegin(), s.history.rend(), it->second); h != s.history.rend())
          s.history.erase(std::prev(h.base()), s.history.end());
        step_id = it->second;
        continue;
      }
      case step_kind::end:
        if (!step->text.empty()) result.replies.push_back(text_message(say(ctx, step->text, vars)));
        result.state.reset();
        result.ended = true;
        return result;
      case step_kind::text:
      case step_kind::choice:
      case step_kind::checklist:
      case step_kind::confirm:
        break;
    }
    if (step->kind == step_kind::act) {
      result.replies.push_back(text_message(say(ctx, "engine.broken_flow", {{"flow", flow.id}})));
      result.state.reset();
      result.ended = true;
      return result;
    }
    // An asking step: answer it from the command's arguments if the flow says so.
    if (step->from_arg && *step->from_arg < args.size() && !s.vars.contains("_prefilled_" + step->id)) {
      s.vars["_prefilled_" + step->id] = true;
      flow_input prefill{args[*step->from_arg], {}, {}};
      if (step->kind == step_kind::text) {
        std::string joined;
        for (std::size_t i = *step->from_arg; i < args.size(); ++i) joined += (joined.empty() ? "" : " ") + args[i];
        prefill.text = joined;
      }
      answer a = detail::apply_answer(*step, prefill, s, ctx);
      if (a.result == answer::outcome::advance) {
        s.history.push_back(step->id);
        step_id = a.next;
        continue;
      }
    }
    s.step = step->id;
    s.updated_ms = ctx.now_ms;
    result.replies.push_back(detail::prompt_for(*step, s, ctx));
    result.state = std::move(s);
    return result;
  }
  result.replies.push_back(text_message(say(ctx, "engine.broken_flow", {{"flow", flow.id}})));
  result.state.reset();
  result.ended = true;
  return result;
}

}  // namespace

bool is_expired(const session& s, const flow_context& ctx) {
  return ctx.idle_timeout_ms > 0 && ctx.now_ms - s.updated_ms > ctx.idle_timeout_ms;
}

core::message refusal(const flow_def& flow, const flow_context& ctx) {
  std::string who;
  for (std::size_t i = 0; i < flow.roles.size(); ++i) {
    if (i) who += i + 1 == flow.roles.size() ? " or " : ", ";
    who += core::display_name(flow.roles[i]);
  }
  core::message m = text_message(say(ctx, "engine.refused", {{"command", flow.command}, {"who", who},
                                                              {"role", std::string(core::display_name(ctx.role))}}));
  m.ephemeral = true;
  return m;
}

flow_result start_flow(const flow_def& flow, const std::vector<std::string>& args, const flow_context& ctx) {
  session s;
  s.flow = flow.id;
  s.started_ms = s.updated_ms = ctx.now_ms;
  return run_from(flow, flow.start, std::move(s), args, ctx, {});
}

namespace {

// Runs `action` outside any session, if it may be reached `how` by this person.
flow_result run_outside_session(const std::string& action, const std::string& payload, reach how,
                                const flow_context& ctx) {
  flow_result result;
  result.ended = true;
  const action_fn* known = ctx.actions ? ctx.actions->find(action) : nullptr;
  if (!known || !ctx.records || !ctx.person) {
    if (how == reach::button) result.replies.push_back(text_message(say(ctx, "engine.gone")));
    return result;
  }
  const action_fn* fn = ctx.actions->find(action, how, ctx.role);
  if (!fn) {
    // A button its person may not press (or one naming an action that is no button at all)
    // is turned down kindly and changes nothing.
    if (how == reach::button) {
      result.replies.push_back(text_message(say(ctx, "engine.button_refused")));
      result.replies.back().ephemeral = true;
    }
    return result;
  }
  nlohmann::json vars = nlohmann::json::object();
  const std::vector<std::string> no_args;
  action_call call{payload, no_args, vars, ctx, result.effects};
  action_result done = (*fn)(call);
  result.replies = std::move(done.replies);
  return result;
}

}  // namespace

flow_result run_record_action(const std::string& action, const std::string& payload, const flow_context& ctx) {
  return run_outside_session(action, payload, reach::button, ctx);
}

flow_result run_lifecycle_action(const std::string& action, const std::string& payload, const flow_context& ctx) {
  return run_outside_session(action, payload, reach::lifecycle, ctx);
}

flow_result resume_flow(const session& current, const flow_input& input, const flow_context& ctx) {
  flow_result result;
  const flow_def* flow = ctx.flows.by_id(current.flow);
  const step_def* step = flow ? flow->step(current.step) : nullptr;
  if (!flow || !step || !detail::is_asking(step->kind)) {
    result.replies.push_back(text_message(say(ctx, "engine.gone")));
    result.ended = true;
    return result;
  }
  // A role-restricted flow checks the role again at every step: the person may have lost it
  // since the flow started. The session ends; nothing the flow would have done is done.
  if (!flow->allows(ctx.role)) {
    result.replies.push_back(refusal(*flow, ctx));
    result.ended = true;
    return result;
  }
  if (is_expired(current, ctx)) {
    const long long minutes = ctx.idle_timeout_ms / 60000;
    result.replies.push_back(text_message(
        say(ctx, "engine.expired", {{"minutes", std::to_string(minutes)}, {"command", flow->command}})));
    result.ended = true;
    return result;
  }

  session s = current;
  s.updated_ms = ctx.now_ms;
  const std::string word = core::to_lower_ascii(core::trim(input.text));
  if (input.action_id.empty()) {
    if (word == "cancel" || word == "stop") {
      result.replies.push_back(text_message(say(ctx, "engine.cancelled", {{"command", flow->command}})));
      result.ended = true;
      return result;
    }
    if (word == "back") {
      if (s.history.empty()) {
        result.replies.push_back(text_message(say(ctx, "engine.at_start")));
        result.replies.push_back(detail::prompt_for(*step, s, ctx));
        result.state = std::move(s);
        return result;
      }
      const std::string previous = s.history.back();
      s.history.pop_back();
      const step_def* prev = flow->step(previous);
      if (!prev) {
        result.replies.push_back(text_message(say(ctx, "engine.gone")));
        result.ended = true;
        return result;
      }
      s.step = previous;
      result.replies.push_back(detail::prompt_for(*prev, s, ctx));
      result.state = std::move(s);
      return result;
    }
    if (word == "help" || word == "?") {
      const std::string hint = step->hint.empty() ? "engine.help" : step->hint;
      result.replies.push_back(text_message(say(ctx, hint, detail::vars_of(s, ctx)) + "\n" + say(ctx, "engine.controls")));
      result.replies.push_back(detail::prompt_for(*step, s, ctx));
      result.state = std::move(s);
      return result;
    }
  } else {
    // A button from an earlier question (or another flow) must not answer this one.
    const auto slash = input.action_id.find('/');
    if (input.action_id.substr(0, slash) != s.flow + ":" + s.step) {
      result.replies.push_back(text_message(say(ctx, "engine.stale_button")));
      result.replies.push_back(detail::prompt_for(*step, s, ctx));
      result.state = std::move(s);
      return result;
    }
  }

  answer a = detail::apply_answer(*step, input, s, ctx);
  switch (a.result) {
    case answer::outcome::advance:
      s.history.push_back(step->id);
      return run_from(*flow, a.next, std::move(s), {}, ctx, std::move(result));
    case answer::outcome::stay:
      result.replies.push_back(detail::prompt_for(*step, s, ctx));
      result.state = std::move(s);
      return result;
    case answer::outcome::reject:
      break;
  }
  std::string text = say(ctx, a.problem_key, a.problem_vars);
  if (!step->hint.empty()) text += " " + say(ctx, step->hint, detail::vars_of(s, ctx));
  result.replies.push_back(text_message(std::move(text)));
  result.replies.push_back(detail::prompt_for(*step, s, ctx));
  result.state = std::move(s);
  return result;
}

}  // namespace commonsbot::flows
