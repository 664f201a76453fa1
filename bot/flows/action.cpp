#include "flows/action.hpp"

#include <algorithm>
#include <stdexcept>

namespace commonsbot::flows {

void effects::append(effects other) {
  writes.append(std::move(other.writes));
  for (auto& n : other.notices) notices.push_back(std::move(n));
  for (auto& f : other.after_commit) after_commit.push_back(std::move(f));
}

bool action_access::reachable(reach how) const {
  switch (how) {
    case reach::flow_step: return flow_step;
    case reach::button: return button;
    case reach::lifecycle: return lifecycle;
  }
  return false;
}

bool action_access::allows(core::role r) const {
  return roles.empty() || r == core::role::admin || std::find(roles.begin(), roles.end(), r) != roles.end();
}

void action_registry::add(std::string name, action_fn fn, std::vector<std::string> outcomes, action_access access) {
  actions_[std::move(name)] = {std::move(fn), std::move(outcomes), std::move(access)};
}

void action_registry::add_button(std::string name, action_fn fn, std::vector<core::role> roles,
                                 std::vector<std::string> outcomes) {
  action_access access;
  access.button = true;
  access.roles = std::move(roles);
  add(std::move(name), std::move(fn), std::move(outcomes), std::move(access));
}

void action_registry::add_lifecycle(std::string name, action_fn fn) {
  if (name.rfind("on.", 0) != 0) throw std::invalid_argument("a lifecycle action's name starts with \"on.\": " + name);
  action_access access;
  access.flow_step = false;
  access.lifecycle = true;
  add(std::move(name), std::move(fn), {}, std::move(access));
}

const action_fn* action_registry::find(std::string_view name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : &it->second.fn;
}

const action_fn* action_registry::find(std::string_view name, reach how, core::role r) const {
  auto it = actions_.find(name);
  if (it == actions_.end() || !it->second.access.reachable(how) || !it->second.access.allows(r)) return nullptr;
  return &it->second.fn;
}

const action_access* action_registry::access(std::string_view name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : &it->second.access;
}

const std::vector<std::string>* action_registry::outcomes(std::string_view name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : &it->second.outcomes;
}

std::optional<std::pair<std::string, std::string>> parse_record_button(std::string_view action_id) {
  constexpr std::string_view prefix = "do:";
  if (action_id.substr(0, prefix.size()) != prefix) return std::nullopt;
  action_id.remove_prefix(prefix.size());
  const auto bar = action_id.find('|');
  std::string name(action_id.substr(0, bar));
  if (name.empty()) return std::nullopt;
  std::string payload(bar == std::string_view::npos ? std::string_view() : action_id.substr(bar + 1));
  return std::make_pair(std::move(name), std::move(payload));
}

std::string record_button(std::string_view action, std::string_view payload) {
  std::string id = "do:";
  id.append(action).append("|").append(payload);
  return id;
}

}  // namespace commonsbot::flows
