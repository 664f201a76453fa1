// The few words every collab action needs: a message in the acting person's locale, a plain
// text reply (and the action result carrying one), the reply that asks again, and a session variable read as text. One copy, so
// every area says things and reads answers the same way.
#pragma once

#include "core/message.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace commonsbot::collab {

// The words for `key` in the acting person's locale.
std::string say(const flows::flow_context& ctx, std::string_view key, const flows::variables& vars = {});
std::string say(const flows::action_call& call, std::string_view key, const flows::variables& vars = {});

// A reply that is only text.
core::message text_message(std::string text);

// An action's result with one reply and `outcome` ("" takes the step's default).
flows::action_result reply_message(core::message m, std::string outcome = {});
flows::action_result reply_text(std::string text, std::string outcome = {});

// The "bad" outcome that asks again: the problem (`problem` key) and the hint that says
// what would do (`hint` key), as one reply; both see `vars`.
flows::action_result bad_answer(const flows::flow_context& ctx, std::string_view problem, std::string_view hint,
                                const flows::variables& vars = {});

// A session variable as text; empty if it is missing or not text.
std::string var(const nlohmann::json& vars, std::string_view name);
std::string var(const flows::action_call& call, std::string_view name);

}  // namespace commonsbot::collab
