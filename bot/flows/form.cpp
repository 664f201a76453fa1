#include "flows/form.hpp"

#include "core/text.hpp"
#include "flows/steps.hpp"

#include <algorithm>
#include <set>

namespace commonsbot::flows {
namespace {

bool in_form(const flow_def& flow, const std::string& step) {
  return flow.form && std::find(flow.form->steps.begin(), flow.form->steps.end(), step) != flow.form->steps.end();
}

// Words that steer a chat ("back", "cancel") would steer the flow if typed into a field.
bool is_control_word(const std::string& value) {
  static const std::set<std::string> words{"cancel", "stop", "back", "help", "?"};
  return words.contains(core::to_lower_ascii(core::trim(value)));
}

std::string hint_of(const step_def& step, const session& s, const flow_context& ctx) {
  return ctx.flows.messages().text(ctx.locale, step.hint.empty() ? "engine.help" : step.hint, detail::vars_of(s, ctx));
}

}  // namespace

std::optional<core::form> form_for(const session& s, const flow_context& ctx, const std::string& trigger,
                                   const std::string& metadata) {
  const flow_def* flow = ctx.flows.by_id(s.flow);
  if (!flow || !flow->form || flow->form->steps.empty() || s.step != flow->form->steps.front()) return std::nullopt;
  const auto& msgs = ctx.flows.messages();
  const variables vars = detail::vars_of(s, ctx);
  core::form f;
  f.title = msgs.text(ctx.locale, flow->form->title, vars);
  f.submit = msgs.text(ctx.locale, flow->form->submit, vars);
  f.trigger = trigger;
  f.metadata = metadata;
  for (const auto& id : flow->form->steps) {
    const step_def* step = flow->step(id);
    if (!step) return std::nullopt;
    core::form_field fld;
    fld.id = id;
    // The prompt as chat shows it, with its buttons: the choices become the field's options.
    const core::message prompt = detail::prompt_for(*step, s, ctx);
    fld.label = prompt.text;
    if (!step->hint.empty()) fld.hint = msgs.text(ctx.locale, step->hint, vars);
    if (step->kind == step_kind::text) {
      fld.optional = step->optional;
      fld.multiline = step->max_length > 200;
      fld.max_length = step->max_length;
    } else {
      for (const auto& c : prompt.choices) fld.options.push_back({c.value, c.label});
    }
    f.fields.push_back(std::move(fld));
  }
  return f;
}

form_submission submit_form(const session& current, const std::map<std::string, std::string>& answers,
                            const flow_context& ctx) {
  form_submission out;
  const flow_def* flow = ctx.flows.by_id(current.flow);
  if (!flow || !flow->form) {
    out.result.replies.push_back({});
    out.result.replies.back().text = ctx.flows.messages().text(ctx.locale, "engine.gone");
    out.result.ended = true;
    return out;
  }
  // A role lost since the form opened ends the flow, as a typed answer would (resume_flow).
  if (!flow->allows(ctx.role)) {
    out.result.replies.push_back(refusal(*flow, ctx));
    out.result.ended = true;
    return out;
  }
  session s = current;
  std::set<std::string> answered;
  effects collected;
  // Each answer moves the flow at least one step on or stops it, so this ends; the bound is
  // a guard against a flow whose checks loop without asking.
  for (std::size_t guard = 0; guard <= flow->steps.size() * 2; ++guard) {
    const step_def* step = flow->step(s.step);
    if (!step || !in_form(*flow, s.step) || answered.contains(s.step)) break;
    std::string value;
    if (auto a = answers.find(s.step); a != answers.end()) value = a->second;
    if (step->kind == step_kind::text && is_control_word(value)) {
      out.errors[step->id] = hint_of(*step, s, ctx);
      break;
    }
    flow_input input;
    if (step->kind == step_kind::choice) {
      input.action_id = s.flow + ":" + step->id + "/" + value;
      input.action_value = value;
    } else {
      input.text = step->optional && core::trim(value).empty() ? "skip" : value;
    }
    answered.insert(step->id);
    flow_result r = resume_flow(s, input, ctx);
    // A turned-down answer leaves the flow at a step already answered here (the same one,
    // or an earlier one a check sent it back to): that field is the one to fix.
    if (r.state && answered.contains(r.state->step) && in_form(*flow, r.state->step)) {
      const step_def* bad = flow->step(r.state->step);
      std::string why;
      for (std::size_t i = 0; i + 1 < r.replies.size(); ++i)  // the last reply asks again
        why += (why.empty() ? "" : " ") + r.replies[i].text;
      if (why.empty() && bad) why = hint_of(*bad, s, ctx);
      out.errors[r.state->step] = why;
      break;
    }
    collected.append(std::move(r.effects));
    r.effects = {};
    out.result = std::move(r);
    if (!out.result.state) break;  // the flow ended (or was cancelled)
    s = *out.result.state;
  }
  if (!out.errors.empty()) {
    out.result = {};
    return out;
  }
  if (answered.empty()) {
    // The flow has moved past its form meanwhile (answered in chat): it carries on there.
    out.result.state = current;
    if (const step_def* step = flow->step(current.step)) out.result.replies.push_back(detail::prompt_for(*step, current, ctx));
    return out;
  }
  out.result.effects = std::move(collected);
  return out;
}

}  // namespace commonsbot::flows
