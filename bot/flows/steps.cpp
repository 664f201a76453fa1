#include "flows/steps.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <set>

namespace commonsbot::flows::detail {
namespace {

std::string say(const flow_context& ctx, const std::string& key, const variables& vars = {}) {
  return ctx.flows.messages().text(ctx.locale, key, vars);
}

// "3" -> 3; anything else -> 0.
std::size_t as_number(std::string_view s) {
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  return ec == std::errc() && p == s.data() + s.size() ? n : 0;
}

std::string action_prefix(const session& s, const step_def& step) { return s.flow + ":" + step.id + "/"; }

// A choice's options as shown: from the flow, or from a variable an action filled in
// ([{"id": ..., "label": ...}], labels already in words).
struct shown_option {
  std::string id, label, next;
};

std::vector<shown_option> options_of(const step_def& step, const session& s, const flow_context& ctx) {
  std::vector<shown_option> out;
  if (step.options_from.empty()) {
    for (const auto& o : step.options) out.push_back({o.id, say(ctx, o.label), o.next});
    return out;
  }
  auto it = s.vars.find(step.options_from);
  if (it == s.vars.end() || !it->is_array()) return out;
  for (const auto& o : *it)
    if (o.is_object() && o.contains("id") && o["id"].is_string())
      out.push_back({o["id"].get<std::string>(), o.value("label", o["id"].get<std::string>()), ""});
  return out;
}

// The option picked by a button, a number, an id or a label; nullopt if none matches.
std::optional<shown_option> pick_option(const std::vector<shown_option>& options, const flow_input& input) {
  if (!input.action_value.empty()) {
    for (const auto& o : options)
      if (o.id == input.action_value) return o;
    return std::nullopt;
  }
  const std::string word = core::to_lower_ascii(core::trim(input.text));
  if (std::size_t n = as_number(word); n >= 1 && n <= options.size()) return options[n - 1];
  for (const auto& o : options)
    if (core::to_lower_ascii(o.id) == word || core::to_lower_ascii(o.label) == word) return o;
  return std::nullopt;
}

answer reject(std::string key, variables vars = {}) {
  answer a;
  a.result = answer::outcome::reject;
  a.problem_key = std::move(key);
  a.problem_vars = std::move(vars);
  return a;
}

answer advance(std::string next) {
  answer a;
  a.result = answer::outcome::advance;
  a.next = std::move(next);
  return a;
}

answer apply_text(const step_def& step, const flow_input& input, session& s) {
  const std::string text = core::trim(input.text);
  if (step.optional && core::to_lower_ascii(text) == "skip") {
    if (!step.save.empty()) s.vars[step.save] = "";
    return advance(step.next);
  }
  if (!input.action_id.empty()) return reject("engine.type_answer");
  const std::size_t len = core::utf8_length(text);
  if (len < step.min_length)
    return reject(step.min_length <= 1 ? "engine.empty" : "engine.too_short", {{"min", std::to_string(step.min_length)}});
  if (len > step.max_length) return reject("engine.too_long", {{"max", std::to_string(step.max_length)}});
  if (!step.save.empty()) s.vars[step.save] = text;
  return advance(step.next);
}

answer apply_choice(const step_def& step, const flow_input& input, session& s, const flow_context& ctx) {
  const auto options = options_of(step, s, ctx);
  const auto o = pick_option(options, input);
  if (!o) return reject("engine.pick_one", {{"count", std::to_string(options.size())}});
  const std::string key = step.save.empty() ? step.id : step.save;
  s.vars[key] = o->id;
  s.vars[key + "_label"] = o->label;
  return advance(o->next.empty() ? step.next : o->next);
}

answer apply_checklist(const step_def& step, const flow_input& input, session& s) {
  const std::string key = step.save.empty() ? step.id : step.save;
  std::set<std::string> ticked;
  if (s.vars.contains(key) && s.vars[key].is_array())
    for (const auto& v : s.vars[key])
      if (v.is_string()) ticked.insert(v.get<std::string>());

  std::vector<std::string> picks;
  if (!input.action_value.empty()) {
    picks.push_back(input.action_value);
  } else {
    const std::string text = core::to_lower_ascii(core::trim(input.text));
    if (text == "done" || text == "finished") picks.push_back("done");
    else {
      // "1 3" or "1, 3" ticks (or unticks) several at once.
      std::string word;
      for (char c : text + " ") {
        if (c == ' ' || c == ',') {
          if (!word.empty()) {
            std::size_t n = as_number(word);
            if (n < 1 || n > step.options.size())
              return reject("engine.tick_number", {{"count", std::to_string(step.options.size())}});
            picks.push_back(step.options[n - 1].id);
          }
          word.clear();
        } else {
          word += c;
        }
      }
    }
  }
  if (picks.empty()) return reject("engine.tick_number", {{"count", std::to_string(step.options.size())}});
  if (picks.size() == 1 && picks.front() == "done") return advance(step.next);
  for (const auto& id : picks) {
    if (std::none_of(step.options.begin(), step.options.end(), [&](const option_def& o) { return o.id == id; }))
      return reject("engine.tick_number", {{"count", std::to_string(step.options.size())}});
    if (!ticked.erase(id)) ticked.insert(id);
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& o : step.options)  // keep the checklist's own order
    if (ticked.contains(o.id)) list.push_back(o.id);
  s.vars[key] = std::move(list);
  answer a;
  a.result = answer::outcome::stay;
  return a;
}

answer apply_confirm(const step_def& step, const flow_input& input) {
  std::string word = input.action_value.empty() ? core::to_lower_ascii(core::trim(input.text)) : input.action_value;
  static const std::set<std::string> yes{"yes", "y", "yep", "yeah", "ae", "ok", "sure", "1"};
  static const std::set<std::string> no{"no", "n", "nope", "not now", "kāo", "kao", "2"};
  if (yes.contains(word)) return advance(step.yes);
  if (no.contains(word)) return advance(step.no);
  return reject("engine.yes_or_no");
}

}  // namespace

bool is_asking(step_kind k) {
  return k == step_kind::text || k == step_kind::choice || k == step_kind::checklist || k == step_kind::confirm;
}

variables vars_of(const session& s, const flow_context& ctx) {
  variables v;
  for (auto it = s.vars.begin(); it != s.vars.end(); ++it)
    if (it->is_string()) v[it.key()] = it->get<std::string>();
  v["name"] = ctx.person_name;
  return v;
}

answer apply_answer(const step_def& step, const flow_input& input, session& s, const flow_context& ctx) {
  switch (step.kind) {
    case step_kind::text: return apply_text(step, input, s);
    case step_kind::choice: return apply_choice(step, input, s, ctx);
    case step_kind::checklist: return apply_checklist(step, input, s);
    case step_kind::confirm: return apply_confirm(step, input);
    default: return reject("engine.gone");
  }
}

core::message prompt_for(const step_def& step, const session& s, const flow_context& ctx) {
  core::message m;
  m.text = say(ctx, step.prompt, vars_of(s, ctx));
  const std::string prefix = action_prefix(s, step);
  switch (step.kind) {
    case step_kind::choice:
      for (const auto& o : options_of(step, s, ctx)) m.choices.push_back({prefix + o.id, o.label, o.id});
      break;
    case step_kind::confirm:
      m.choices.push_back({prefix + "yes", say(ctx, "engine.yes"), "yes"});
      m.choices.push_back({prefix + "no", say(ctx, "engine.no"), "no"});
      break;
    case step_kind::checklist: {
      const std::string key = step.save.empty() ? step.id : step.save;
      std::set<std::string> ticked;
      if (s.vars.contains(key) && s.vars.at(key).is_array())
        for (const auto& v : s.vars.at(key))
          if (v.is_string()) ticked.insert(v.get<std::string>());
      for (const auto& o : step.options) m.checklist.push_back({prefix + o.id, say(ctx, o.label), ticked.contains(o.id), ""});
      m.choices.push_back({prefix + "done", say(ctx, "engine.done"), "done"});
      break;
    }
    default:
      break;
  }
  m.context = say(ctx, step.kind == step_kind::checklist ? "engine.checklist_controls" : "engine.controls");
  return m;
}

core::message command_list(const std::vector<std::string>& args, const flow_context& ctx) {
  core::message m;
  const auto& msgs = ctx.flows.messages();
  if (!args.empty()) {
    const std::string wanted = core::to_lower_ascii(args.front());
    if (const flow_def* f = ctx.flows.by_command(wanted)) {
      m.text = "/library " + msgs.text(ctx.locale, f->usage) + "\n" + msgs.text(ctx.locale, f->summary);
      if (!f->allows(ctx.role)) m.context = refusal(*f, ctx).text;
      return m;
    }
    m.text = msgs.text(ctx.locale, "help.unknown", {{"command", args.front()}});
  }
  m.text += (m.text.empty() ? "" : "\n\n") +
            msgs.text(ctx.locale, "help.intro", {{"role", std::string(core::display_name(ctx.role))}, {"name", ctx.person_name}});
  bool hidden = false;
  for (const flow_def* f : ctx.flows.in_help_order()) {
    if (!f->allows(ctx.role)) {
      hidden = true;
      continue;
    }
    m.sections.push_back({"/library " + msgs.text(ctx.locale, f->usage), msgs.text(ctx.locale, f->summary), {}});
  }
  m.context = msgs.text(ctx.locale, hidden ? "help.footer_more" : "help.footer");
  return m;
}

}  // namespace commonsbot::flows::detail
