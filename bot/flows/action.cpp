#include "flows/action.hpp"

namespace commonsbot::flows {

void effects::append(effects other) {
  writes.append(std::move(other.writes));
  for (auto& n : other.notices) notices.push_back(std::move(n));
  for (auto& f : other.after_commit) after_commit.push_back(std::move(f));
}

void action_registry::add(std::string name, action_fn fn, std::vector<std::string> outcomes) {
  actions_[std::move(name)] = {std::move(fn), std::move(outcomes)};
}

const action_fn* action_registry::find(std::string_view name) const {
  auto it = actions_.find(name);
  return it == actions_.end() ? nullptr : &it->second.fn;
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
