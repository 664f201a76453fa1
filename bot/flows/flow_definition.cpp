#include "flows/flow_definition.hpp"

#include "flows/action.hpp"
#include "flows/message_catalog.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace commonsbot::flows {
namespace {

// Reads JSON into a flow_def, collecting problems with their JSON paths.
class reader {
 public:
  reader(const std::string& file, const message_catalog& messages, problem_list& problems)
      : file_(file), messages_(messages), problems_(problems) {}

  void error(const std::string& path, const std::string& what) {
    problems_.push_back({problem::severity::error, file_, path, what});
    failed_ = true;
  }
  void warn(const std::string& path, const std::string& what) {
    problems_.push_back({problem::severity::warning, file_, path, what});
  }
  bool failed() const { return failed_; }

  std::string string(const nlohmann::json& obj, const std::string& path, const char* key, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) error(path + "/" + key, "missing");
      return {};
    }
    if (!it->is_string()) {
      error(path + "/" + key, "must be text");
      return {};
    }
    return it->get<std::string>();
  }

  std::string message_key(const nlohmann::json& obj, const std::string& path, const char* key, bool required) {
    std::string k = string(obj, path, key, required);
    if (!k.empty() && !messages_.has(k))
      error(path + "/" + key, "no message \"" + k + "\" in the " + messages_.default_locale() + " messages");
    return k;
  }

  void known_keys(const nlohmann::json& obj, const std::string& path, std::initializer_list<const char*> keys) {
    for (auto it = obj.begin(); it != obj.end(); ++it)
      if (std::none_of(keys.begin(), keys.end(), [&](const char* k) { return it.key() == k; }))
        warn(path + "/" + it.key(), "unknown key (ignored)");
  }

 private:
  const std::string& file_;
  const message_catalog& messages_;
  problem_list& problems_;
  bool failed_ = false;
};

void read_options(reader& r, const nlohmann::json& s, const std::string& path, step_def& step) {
  auto it = s.find("options");
  if (it == s.end() || !it->is_array() || it->empty()) {
    r.error(path + "/options", "needs a list of at least one option");
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& o = (*it)[i];
    const std::string opath = path + "/options/" + std::to_string(i);
    if (!o.is_object()) {
      r.error(opath, "must be an object with id and label");
      continue;
    }
    r.known_keys(o, opath, {"id", "label", "next"});
    option_def opt{r.string(o, opath, "id", true), r.message_key(o, opath, "label", true), r.string(o, opath, "next", false)};
    if (!opt.id.empty() && !seen.insert(opt.id).second) r.error(opath + "/id", "duplicate option id \"" + opt.id + "\"");
    step.options.push_back(std::move(opt));
  }
}

// {"value": "step id", ...} for a branch's cases or an action's outcomes.
void read_step_map(reader& r, const nlohmann::json& s, const std::string& path, const char* key,
                   std::map<std::string, std::string>& out) {
  auto c = s.find(key);
  if (c == s.end()) return;
  if (!c->is_object()) {
    r.error(path + "/" + key, "must map values to step ids");
    return;
  }
  for (auto it = c->begin(); it != c->end(); ++it) {
    if (it->is_string()) out[it.key()] = it->get<std::string>();
    else r.error(path + "/" + key + "/" + it.key(), "must be a step id");
  }
}

void read_step(reader& r, const std::string& id, const nlohmann::json& s, const std::string& path, step_def& step) {
  step.id = id;
  const std::string kind = r.string(s, path, "kind", true);
  if (auto k = parse_step_kind(kind)) step.kind = *k;
  else if (!kind.empty()) r.error(path + "/kind", "unknown step kind \"" + kind + "\" (say, text, choice, checklist, confirm, branch, commands, act, end)");
  r.known_keys(s, path, {"kind", "text", "prompt", "hint", "save", "next", "options", "yes", "no", "var",
                         "cases", "otherwise", "min_length", "max_length", "optional", "from_arg",
                         "options_from", "action", "outcomes"});
  const bool asks = step.kind == step_kind::text || step.kind == step_kind::choice ||
                    step.kind == step_kind::checklist || step.kind == step_kind::confirm;
  step.text = r.message_key(s, path, "text", step.kind == step_kind::say);
  step.prompt = r.message_key(s, path, "prompt", asks);
  step.hint = r.message_key(s, path, "hint", false);
  step.save = r.string(s, path, "save", false);
  step.next = r.string(s, path, "next", false);
  step.yes = r.string(s, path, "yes", step.kind == step_kind::confirm);
  step.no = r.string(s, path, "no", step.kind == step_kind::confirm);
  step.var = r.string(s, path, "var", step.kind == step_kind::branch);
  step.otherwise = r.string(s, path, "otherwise", false);
  step.options_from = r.string(s, path, "options_from", false);
  step.action = r.string(s, path, "action", step.kind == step_kind::act);
  if (step.kind == step_kind::checklist || (step.kind == step_kind::choice && step.options_from.empty()))
    read_options(r, s, path, step);
  read_step_map(r, s, path, "cases", step.cases);
  read_step_map(r, s, path, "outcomes", step.outcomes);
  if (auto v = s.find("min_length"); v != s.end()) {
    if (v->is_number_unsigned()) step.min_length = v->get<std::size_t>();
    else r.error(path + "/min_length", "must be a whole number");
  }
  if (auto v = s.find("max_length"); v != s.end()) {
    if (v->is_number_unsigned()) step.max_length = v->get<std::size_t>();
    else r.error(path + "/max_length", "must be a whole number");
  }
  if (step.min_length > step.max_length) r.error(path + "/min_length", "is more than max_length");
  if (auto v = s.find("optional"); v != s.end()) {
    if (v->is_boolean()) step.optional = v->get<bool>();
    else r.error(path + "/optional", "must be true or false");
  }
  if (auto v = s.find("from_arg"); v != s.end()) {
    if (v->is_number_unsigned()) step.from_arg = v->get<std::size_t>();
    else r.error(path + "/from_arg", "must be a whole number (0 is the first word after the command)");
  }
  if (asks && step.kind != step_kind::confirm && step.save.empty() && step.kind != step_kind::choice)
    r.warn(path + "/save", "the answer is not saved anywhere");
}

// Every step id a step may move to, with the JSON path that names it.
std::vector<std::pair<std::string, std::string>> targets(const step_def& s, const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  auto add = [&](const std::string& id, const std::string& p) { if (!id.empty()) out.emplace_back(id, p); };
  add(s.next, path + "/next");
  add(s.yes, path + "/yes");
  add(s.no, path + "/no");
  add(s.otherwise, path + "/otherwise");
  for (std::size_t i = 0; i < s.options.size(); ++i) add(s.options[i].next, path + "/options/" + std::to_string(i) + "/next");
  for (const auto& [value, id] : s.cases) add(id, path + "/cases/" + value);
  for (const auto& [value, id] : s.outcomes) add(id, path + "/outcomes/" + value);
  return out;
}

}  // namespace

std::optional<step_kind> parse_step_kind(std::string_view t) {
  if (t == "say") return step_kind::say;
  if (t == "text") return step_kind::text;
  if (t == "choice") return step_kind::choice;
  if (t == "checklist") return step_kind::checklist;
  if (t == "confirm") return step_kind::confirm;
  if (t == "branch") return step_kind::branch;
  if (t == "commands") return step_kind::commands;
  if (t == "act") return step_kind::act;
  if (t == "end") return step_kind::end;
  return std::nullopt;
}

void check_actions(const flow_def& flow, const action_registry& actions, const std::string& file,
                   problem_list& problems) {
  for (const auto& [id, step] : flow.steps) {
    if (step.kind != step_kind::act) continue;
    const std::string path = "/steps/" + id;
    const auto* outcomes = actions.outcomes(step.action);
    if (!outcomes) {
      problems.push_back({problem::severity::error, file, path + "/action", "unknown action \"" + step.action + "\""});
      continue;
    }
    if (const auto* access = actions.access(step.action); access && !access->flow_step) {
      problems.push_back({problem::severity::error, file, path + "/action",
                          "\"" + step.action + "\" is not a flow step (a lifecycle or button-only action)"});
      continue;
    }
    for (const auto& o : *outcomes)
      if (!step.outcomes.contains(o))
        problems.push_back({problem::severity::error, file, path + "/outcomes",
                            "no step for the action's outcome \"" + o + "\""});
    for (const auto& [o, target] : step.outcomes)
      if (std::find(outcomes->begin(), outcomes->end(), o) == outcomes->end())
        problems.push_back({problem::severity::warning, file, path + "/outcomes/" + o,
                            "the action never returns \"" + o + "\" (ignored)"});
  }
}

bool flow_def::allows(core::role r) const {
  return roles.empty() || std::find(roles.begin(), roles.end(), r) != roles.end() || r == core::role::admin;
}

// "form": {"title", "submit", "steps": [...]}: every step named must be a text or choice
// step of this flow, named once.
void read_form(reader& r, const nlohmann::json& f, flow_def& flow) {
  if (!f.is_object()) {
    r.error("/form", "must be an object with title, submit and steps");
    return;
  }
  r.known_keys(f, "/form", {"title", "submit", "steps"});
  form_def form;
  form.title = r.message_key(f, "/form", "title", true);
  form.submit = r.message_key(f, "/form", "submit", true);
  auto steps = f.find("steps");
  if (steps == f.end() || !steps->is_array() || steps->empty()) {
    r.error("/form/steps", "needs a list of at least one step id");
    return;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < steps->size(); ++i) {
    const std::string path = "/form/steps/" + std::to_string(i);
    const auto& id = (*steps)[i];
    const step_def* step = id.is_string() ? flow.step(id.get<std::string>()) : nullptr;
    if (!step) r.error(path, "must name a step of this flow");
    else if (step->kind != step_kind::text && step->kind != step_kind::choice)
      r.error(path, "only text and choice steps can be in a form");
    else if (!seen.insert(step->id).second) r.error(path, "named twice");
    else form.steps.push_back(step->id);
  }
  flow.form = std::move(form);
}

std::optional<flow_def> parse_flow(const nlohmann::json& j, const std::string& file,
                                   const message_catalog& messages, problem_list& problems) {
  reader r(file, messages, problems);
  if (!j.is_object()) {
    r.error("", "a flow must be a JSON object");
    return std::nullopt;
  }
  r.known_keys(j, "", {"id", "command", "roles", "summary", "usage", "start", "steps", "form"});
  flow_def flow;
  flow.id = r.string(j, "", "id", true);
  flow.command = r.string(j, "", "command", true);
  flow.summary = r.message_key(j, "", "summary", true);
  flow.usage = r.message_key(j, "", "usage", true);
  flow.start = r.string(j, "", "start", true);
  if (auto roles = j.find("roles"); roles != j.end()) {
    if (!roles->is_array()) r.error("/roles", "must be a list of roles");
    else
      for (std::size_t i = 0; i < roles->size(); ++i) {
        auto role = (*roles)[i].is_string() ? core::parse_role((*roles)[i].get<std::string>()) : std::nullopt;
        if (role) flow.roles.push_back(*role);
        else r.error("/roles/" + std::to_string(i), "unknown role (teacher, library_staff, leader, admin)");
      }
  }
  auto steps = j.find("steps");
  if (steps == j.end() || !steps->is_object() || steps->empty()) {
    r.error("/steps", "needs at least one step");
    return std::nullopt;
  }
  for (auto it = steps->begin(); it != steps->end(); ++it) {
    const std::string path = "/steps/" + it.key();
    if (!it->is_object()) {
      r.error(path, "a step must be a JSON object");
      continue;
    }
    read_step(r, it.key(), *it, path, flow.steps[it.key()]);
  }
  if (!flow.start.empty() && !flow.steps.contains(flow.start))
    r.error("/start", "unknown step \"" + flow.start + "\"");
  for (const auto& [id, step] : flow.steps)
    for (const auto& [target, path] : targets(step, "/steps/" + id))
      if (!flow.steps.contains(target)) r.error(path, "unknown step \"" + target + "\"");
  if (auto form = j.find("form"); form != j.end()) read_form(r, *form, flow);
  if (r.failed()) return std::nullopt;
  return flow;
}

}  // namespace commonsbot::flows
