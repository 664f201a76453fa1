// core::form -> a Slack modal view for views.open, and back. One input block per field
// (block id = action id = the field's id): plain_text_input, or static_select for a choice.
#pragma once

#include "core/form.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace commonsbot::adapters::slack {

// Modal limits (shared/reference/slack.md section 8).
inline constexpr std::size_t max_view_title = 24;  // title, submit and close
inline constexpr std::size_t max_input_label = 2000;
inline constexpr std::size_t max_input_hint = 2000;
inline constexpr std::size_t max_input_length = 3000;
inline constexpr std::size_t max_private_metadata = 3000;

// The callback id of every form the bot opens, so other views are left alone.
inline constexpr std::string_view form_callback_id = "commonsbot.form";

// {"type": "modal", ...} with notify_on_close, so Cancel ends the flow too.
nlohmann::json modal_view(const core::form& f);

// The values of a submitted view's input blocks, by block id.
std::map<std::string, std::string> view_values(const nlohmann::json& view);

}  // namespace commonsbot::adapters::slack
