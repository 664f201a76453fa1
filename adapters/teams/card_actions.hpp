// What a press on one of our Adaptive Cards means, without server-side state. Every action we
// draw carries a small `data` object saying what it is; Teams hands it back merged with every
// input's value (keyed by input id): in an Action.Submit message activity's `value`, or in
// the `action.data` of an `adaptiveCard/action` invoke (Action.Execute). This file holds both
// directions of that encoding, so cards.cpp and the reader cannot drift apart:
//
//   a button     {"cb":"button","id":<choice id>,"value":<choice value>}  (no inputs sent)
//   a choice set {"cb":"pick","input":"pick.<k>"}   + input "pick.<k>": the picked choice id
//   a checklist  {"cb":"checklist","ids":[<item id>...],"ticked":"0110","first":<n>}
//                + inputs "tick.<n+i>": "true" / "false", one per item
//
// "ticked" is how the card was drawn (like Slack's mask in the block id), so a change is the
// difference between it and the toggles now; the ids are the message's own item ids, which
// go back as action ids exactly ("do:plans.tick|p3/outcomes", "<flow>:<step>/<option>").
#pragma once

#include "core/message.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters::teams {

// The Action.Execute verb of a checklist's button; its answer redraws the card in place.
inline constexpr std::string_view checklist_verb = "checklist";

// The data of each action we draw, and the input ids they read.
nlohmann::json button_data(const core::choice& c);
std::string pick_input_id(std::size_t set);
nlohmann::json pick_data(std::size_t set);
std::string toggle_input_id(std::size_t index);
// Items [first, first + count) of `items`, as drawn.
nlohmann::json checklist_data(const std::vector<core::checklist_item>& items, std::size_t first, std::size_t count);

// One action event's worth: core::event::action_id and action_value.
struct card_action {
  std::string action_id;
  std::string action_value;
  bool operator==(const card_action&) const = default;
};

// What a submission means. `actions` empty: `reason` says why (malformed, not ours, nothing
// picked, no tick changed), for the log and the answer; never an exception.
struct card_reading {
  std::vector<card_action> actions;
  std::string reason;
};

// `value`: an Action.Submit message activity's value, or an Action.Execute's action.data.
//   button    -> {its choice id, its value}
//   pick      -> {the picked choice id, the part after its last '/'} (as Slack's selects)
//   checklist -> one per item whose tick changed, {item id, the part after its last '/'}
card_reading read_card_action(const nlohmann::json& value);

// The `value` of an adaptiveCard/action invoke: its action must be an Action.Execute with a
// data object, which is then read as above.
card_reading read_execute_invoke(const nlohmann::json& invoke_value);

// The synchronous answers to an adaptiveCard/action invoke (the HTTP response body). Teams
// shows "Something went wrong" for anything without this envelope.
//   card_answer:    200, the card replaces the one pressed, in place
//   message_answer: 200, Teams shows `text` as a passing message
//   error_answer:   400 or 500 with a code and a message
nlohmann::json card_answer(nlohmann::json card);
nlohmann::json message_answer(std::string_view text);
nlohmann::json error_answer(int status, std::string_view code, std::string_view message);

}  // namespace commonsbot::adapters::teams
