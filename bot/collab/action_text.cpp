#include "collab/action_text.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab {

std::string say(const flows::flow_context& ctx, std::string_view key, const flows::variables& vars) {
  return ctx.flows.messages().text(ctx.locale, key, vars);
}

std::string say(const flows::action_call& call, std::string_view key, const flows::variables& vars) {
  return say(call.ctx, key, vars);
}

core::message text_message(std::string text) {
  core::message m;
  m.text = std::move(text);
  return m;
}

flows::action_result reply_message(core::message m, std::string outcome) {
  flows::action_result r;
  r.replies.push_back(std::move(m));
  r.outcome = std::move(outcome);
  return r;
}

flows::action_result reply_text(std::string text, std::string outcome) {
  return reply_message(text_message(std::move(text)), std::move(outcome));
}

flows::action_result bad_answer(const flows::flow_context& ctx, std::string_view problem, std::string_view hint,
                                const flows::variables& vars) {
  flows::action_result r;
  r.replies.push_back(text_message(say(ctx, problem, vars) + " " + say(ctx, hint, vars)));
  r.outcome = "bad";
  return r;
}

std::string var(const nlohmann::json& vars, std::string_view name) {
  if (!vars.is_object()) return {};
  auto it = vars.find(std::string(name));
  return it != vars.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string var(const flows::action_call& call, std::string_view name) { return var(call.vars, name); }

}  // namespace commonsbot::collab
