// core::message -> Block Kit. Every Slack limit is respected by splitting (long text into
// several sections, many options into several selects) or paging (more than 50 blocks become
// several messages), never by cutting content off. User text is escaped (& < > only).
#pragma once

#include "core/message.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters::slack {

// Block Kit limits (Slack's block reference; see shared/reference/slack.md section 8).
inline constexpr std::size_t max_blocks_per_message = 50;
inline constexpr std::size_t max_blocks_per_view = 100;  // a modal or the Home tab
inline constexpr std::size_t max_section_text = 3000;
inline constexpr std::size_t max_field_text = 2000;
inline constexpr std::size_t max_fields_per_section = 10;
inline constexpr std::size_t max_actions_elements = 25;
inline constexpr std::size_t max_context_elements = 10;
inline constexpr std::size_t max_button_text = 75;
inline constexpr std::size_t max_button_value = 2000;
inline constexpr std::size_t max_option_text = 75;
inline constexpr std::size_t max_option_value = 150;
inline constexpr std::size_t max_select_options = 100;
inline constexpr std::size_t max_checkbox_options = 10;
inline constexpr std::size_t max_action_id = 255;
// Our choices: more choices than this become a select menu; the notification fallback
// (`text`) is a summary of at most this many characters (Slack truncates long text anyway;
// the full content is in the blocks).
inline constexpr std::size_t max_buttons = 5;
inline constexpr std::size_t max_fallback_text = 4000;

// Slack's longest message text; a command reply longer than this is sent as blocks.
inline constexpr std::size_t max_message_text_chars = 40'000;

// One Slack message: its blocks and the `text` fallback shown in notifications.
struct page {
  nlohmann::json blocks = nlohmann::json::array();
  std::string text;
};

// The same page as JSON text: what a reply on the request path writes without a tree.
struct page_json {
  std::string blocks = "[]";  // a JSON array of block objects
  std::string text;
};

// Escapes &, < and > for mrkdwn; nothing else (other entities would show literally).
std::string escape_mrkdwn(std::string_view s);

// Splits `s` into pieces of at most `max_chars` code points, preferring line then word
// breaks, never inside a UTF-8 sequence or an &amp;/&lt;/&gt; entity.
std::vector<std::string> split_text(std::string_view s, std::size_t max_chars);

// The message as one or more pages, each within every limit above. Never empty.
std::vector<page_json> render_pages_json(const core::message& m);
// The same pages as trees, for Web API bodies built around them (render_pages_json parsed).
std::vector<page> render_pages(const core::message& m);

// The JSON body of a command's reply: {"response_type", "text", "blocks"}. A message longer
// than one page goes as text alone (a body carries one message), or, past Slack's longest
// text, as its first page with a warning logged.
std::string command_reply_json(std::string_view response_type, const core::message& m);

// The checklist block ids carry which items were ticked when the message was drawn
// ("cl<n>.<mask>"), so a click can be turned into "this item toggled" without state.
std::string checklist_block_id(std::size_t chunk, unsigned mask);
bool parse_checklist_block_id(std::string_view block_id, unsigned& mask);

}  // namespace commonsbot::adapters::slack
