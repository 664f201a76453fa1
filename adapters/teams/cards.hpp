// core::message -> Teams message activities (Bot Connector JSON), each an Adaptive Card 1.5
// within our size cap. Content too big for one activity is split across several, in order,
// never cut off. User text is escaped for the Markdown subset TextBlocks and facts render, so
// it shows literally; the words we add (headings, button titles) are ours.
//
//   text, sections   TextBlocks (headings in bold weight) and a FactSet for fields
//   links            a Markdown list of links (http, https and mailto only; others as text)
//   choices          up to max_buttons buttons (Action.Submit); more, or labels too long for
//                    a button, a compact Input.ChoiceSet with one submit button
//   checklist        one Input.Toggle per item and ONE Action.Execute (verb "checklist")
//                    whose answer redraws the card in place (card_actions.hpp); a list
//                    too long for one activity has one per activity, for its own items
//   context          small, subtle text at the end
//
// A message with nothing but text (and context) is a plain-text activity, no card. Every
// activity has a plain-text `summary` for notifications and screen readers.
#pragma once

#include "adapters/teams/card_text.hpp"
#include "core/message.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters::teams {

inline constexpr std::string_view adaptive_card_content_type = "application/vnd.microsoft.card.adaptive";
inline constexpr std::string_view adaptive_card_version = "1.5";  // the highest Teams renders
inline constexpr std::string_view adaptive_card_schema = "http://adaptivecards.io/schemas/adaptive-card.json";

// Teams refuses a bot message over about 100 KB (counted in UTF-16).
inline constexpr std::size_t teams_activity_limit = 100 * 1024;
// Our cap on one activity's serialised JSON (UTF-8 bytes), well under Teams' limit so a card
// stays quick to render; configurable within [min_activity_cap, max_activity_cap].
inline constexpr std::size_t default_activity_cap = 28 * 1024;
inline constexpr std::size_t min_activity_cap = 4 * 1024;
inline constexpr std::size_t max_activity_cap = teams_activity_limit / 2;  // UTF-16 is at most 2x UTF-8
// Our choices, so pieces stay small enough to split between activities and pleasant to read.
inline constexpr std::size_t max_text_block_chars = 2000;
inline constexpr std::size_t max_facts_per_set = 10;
inline constexpr std::size_t max_links_per_block = 10;
inline constexpr std::size_t max_buttons = 5;
inline constexpr std::size_t max_button_title_chars = 40;  // longer labels: a choice set
inline constexpr std::size_t max_choice_set_options = 100;

struct card_options {
  std::size_t max_activity_bytes = default_activity_cap;  // clamped to the range above
};

// {"type":"AdaptiveCard","version":"1.5","$schema":…,"body":body}.
nlohmann::json adaptive_card(nlohmann::json body);
// {"contentType":"application/vnd.microsoft.card.adaptive","content":card}.
nlohmann::json card_attachment(nlohmann::json card);
// The size the cap counts: `j` serialised compactly (invalid UTF-8 replaced, as sent).
std::size_t serialised_bytes(const nlohmann::json& j);

// The message as one or more message activities ({"type":"message","summary",…}), each
// at most options.max_activity_bytes serialised. Never empty.
std::vector<nlohmann::json> render_activities(const core::message& m, const card_options& options = {});

// The card an activity carries, or nullptr for a text activity.
const nlohmann::json* card_of(const nlohmann::json& activity);

// The answer to an Action.Execute that redraws `m` (a ticked checklist): its first
// activity's card in place, or its text as a message when it has no card. Further
// activities, if `m` needs several, are the caller's to send (render_activities from the
// second on).
nlohmann::json execute_answer(const core::message& m, const card_options& options = {});

}  // namespace commonsbot::adapters::teams
