#include "collab/plan_actions.hpp"

#include "collab/actions_by_area.hpp"
#include "collab/plan_people.hpp"

namespace commonsbot::collab::detail {

card_words words_for(const flows::action_call& call, const services& s, std::string locale) {
  const flows::record_view* records = call.ctx.records;
  std::string t = call.ctx.person ? call.ctx.person->tenant : std::string();
  return card_words{call.ctx.flows.messages(), locale.empty() ? call.ctx.locale : std::move(locale), s.words,
                    [records, t](std::string_view key) { return records ? name_of(*records, t, key) : std::string(key); }};
}

std::string me(const flows::action_call& call) { return call.ctx.person->key(); }

const std::string& tenant(const flows::action_call& call) { return call.ctx.person->tenant; }

std::vector<std::string> list_var(const flows::action_call& call, const char* name) {
  std::vector<std::string> out;
  if (auto it = call.vars.find(name); it != call.vars.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

void notify_partners(flows::action_call& call, const services& s, const plan& p,
                     const std::function<core::message(const card_words&)>& make) {
  const std::string self = me(call);
  for (const auto& key : p.partners) {
    if (key == self) continue;
    auto partner = find_person(*call.ctx.records, p.tenant, key);
    if (!partner || partner->direct.platform.empty()) continue;  // never met them: nowhere to write
    call.out.notices.push_back({partner->direct, make(words_for(call, s, partner->locale))});
  }
}

void add_plan_actions(flows::action_registry& actions, const services& s) {
  add_plan_input_actions(actions, s);
  add_plan_create_actions(actions, s);
  add_plan_tick_actions(actions, s);
  add_model_actions(actions, s);
}

}  // namespace commonsbot::collab::detail
