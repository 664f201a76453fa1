#include "adapters/teams/card_actions.hpp"

#include <charconv>

namespace commonsbot::adapters::teams {
namespace {

using nlohmann::json;

constexpr std::string_view act_kind_key = "cb";
constexpr std::string_view act_pick_prefix = "pick.";
constexpr std::string_view act_toggle_prefix = "tick.";

// A checklist's drawn state is at most this long: far more items than any card shows, and a
// bound on what a forged submission can make us read.
constexpr std::size_t act_max_items = 1000;

std::string act_after_slash(const std::string& id) {
  const auto slash = id.rfind('/');
  return slash == std::string::npos ? id : id.substr(slash + 1);
}

// The string at `key`, or nullptr when absent or not a string.
const std::string* act_string_at(const json& j, std::string_view key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

card_reading act_refuse(std::string reason) { return {{}, std::move(reason)}; }

// A toggle's submitted state: 1 on, 0 off, -1 absent or unreadable (then taken as unchanged).
int act_toggle_state(const json& value, const std::string& input) {
  const auto it = value.find(input);
  if (it == value.end()) return -1;
  if (it->is_boolean()) return it->get<bool>() ? 1 : 0;
  if (!it->is_string()) return -1;
  const auto& s = it->get_ref<const std::string&>();
  return s == "true" ? 1 : s == "false" ? 0 : -1;
}

card_reading act_read_checklist(const json& value) {
  const auto ids = value.find("ids");
  const std::string* ticked = act_string_at(value, "ticked");
  const auto first = value.find("first");
  if (ids == value.end() || !ids->is_array() || !ticked || first == value.end() || !first->is_number_integer() ||
      first->get<std::int64_t>() < 0)
    return act_refuse("checklist data needs ids, ticked and first");
  if (ids->size() != ticked->size() || ids->size() > act_max_items)
    return act_refuse("checklist data has " + std::to_string(ids->size()) + " ids but " +
                      std::to_string(ticked->size()) + " drawn ticks");
  const auto from = static_cast<std::uint64_t>(first->get<std::int64_t>());
  if (from > act_max_items) return act_refuse("checklist data starts past any card's items");
  card_reading out;
  for (std::size_t i = 0; i < ids->size(); ++i) {
    const auto& id = (*ids)[i];
    const char was = (*ticked)[i];
    if (!id.is_string() || id.get_ref<const std::string&>().empty() || (was != '0' && was != '1'))
      return act_refuse("checklist data item " + std::to_string(i) + " is malformed");
    const int now = act_toggle_state(value, toggle_input_id(static_cast<std::size_t>(from) + i));
    if (now < 0 || now == (was == '1' ? 1 : 0)) continue;
    const auto& item = id.get_ref<const std::string&>();
    out.actions.push_back({item, act_after_slash(item)});
  }
  if (out.actions.empty()) out.reason = "no tick changed";
  return out;
}

}  // namespace

json button_data(const core::choice& c) {
  json data = {{act_kind_key, "button"}, {"id", c.id}};
  if (!c.value.empty()) data["value"] = c.value;
  return data;
}

std::string pick_input_id(std::size_t set) { return std::string(act_pick_prefix) + std::to_string(set); }

json pick_data(std::size_t set) { return {{act_kind_key, "pick"}, {"input", pick_input_id(set)}}; }

std::string toggle_input_id(std::size_t index) { return std::string(act_toggle_prefix) + std::to_string(index); }

json checklist_data(const std::vector<core::checklist_item>& items, std::size_t first, std::size_t count) {
  json ids = json::array();
  std::string ticked;
  for (std::size_t i = first; i < first + count && i < items.size(); ++i) {
    ids.push_back(items[i].id);
    ticked += items[i].ticked ? '1' : '0';
  }
  return {{act_kind_key, "checklist"}, {"ids", std::move(ids)}, {"ticked", std::move(ticked)}, {"first", first}};
}

card_reading read_card_action(const json& value) {
  if (!value.is_object()) return act_refuse("the action data is not a JSON object");
  const std::string* kind = act_string_at(value, act_kind_key);
  if (!kind) return act_refuse("the action data is not from one of our cards");
  if (*kind == "button") {
    const std::string* id = act_string_at(value, "id");
    if (!id || id->empty()) return act_refuse("button data needs an id");
    const std::string* v = act_string_at(value, "value");
    return {{{*id, v ? *v : std::string()}}, ""};
  }
  if (*kind == "pick") {
    const std::string* input = act_string_at(value, "input");
    if (!input || !input->starts_with(act_pick_prefix)) return act_refuse("choice data needs its input id");
    const std::string* picked = act_string_at(value, *input);
    if (!picked || picked->empty()) return act_refuse("nothing was picked");
    return {{{*picked, act_after_slash(*picked)}}, ""};
  }
  if (*kind == "checklist") return act_read_checklist(value);
  return act_refuse("unknown action kind \"" + *kind + "\"");
}

card_reading read_execute_invoke(const json& invoke_value) {
  if (!invoke_value.is_object()) return act_refuse("the invoke value is not a JSON object");
  const auto action = invoke_value.find("action");
  if (action == invoke_value.end() || !action->is_object()) return act_refuse("the invoke value has no action");
  const std::string* type = act_string_at(*action, "type");
  if (!type || *type != "Action.Execute") return act_refuse("the invoke's action is not an Action.Execute");
  const auto data = action->find("data");
  if (data == action->end()) return act_refuse("the Action.Execute has no data");
  return read_card_action(*data);
}

json card_answer(json card) {
  return {{"statusCode", 200}, {"type", "application/vnd.microsoft.card.adaptive"}, {"value", std::move(card)}};
}

json message_answer(std::string_view text) {
  return {{"statusCode", 200}, {"type", "application/vnd.microsoft.activity.message"}, {"value", std::string(text)}};
}

json error_answer(int status, std::string_view code, std::string_view message) {
  return {{"statusCode", status},
          {"type", "application/vnd.microsoft.error"},
          {"value", {{"code", std::string(code)}, {"message", std::string(message)}}}};
}

}  // namespace commonsbot::adapters::teams
