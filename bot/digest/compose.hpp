// A digest as a message: a heading, the picks grouped by learning area, each with its title,
// link, a one-line summary and the reason in words ("because you teach Year 5 science"),
// and record buttons to say what each item was worth. The words come from
// templates/messages/<locale>/digest.json, so the same digest reads right in every locale.
// Pure: the same inputs always give the same message, so scheduled runs can be re-run.
#pragma once

#include "core/message.hpp"
#include "digest/digest_context.hpp"
#include "digest/matcher.hpp"
#include "digest/profile.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::digest {

// Record-button actions every digest carries (payloads: "<verdict>|<resource id>", and the
// empty payload for unsubscribe).
inline constexpr std::string_view feedback_action = "digest.feedback";
inline constexpr std::string_view unsubscribe_action = "digest.unsubscribe";

// Per-item limits, so one long description never crowds out the rest (adapters split
// whole messages to each platform's limits; this keeps each item readable).
inline constexpr std::size_t max_title_chars = 120;
inline constexpr std::size_t max_summary_chars = 160;

// The reason as one phrase without "because": "you teach Year 5 science and follow 'te reo'".
std::string reason_text(const flows::message_catalog& words, std::string_view locale, const std::vector<reason_part>& reason);

// "Year 5", "Years 5-6", "Years 3, 5 and 7"; empty for no labels.
std::string years_phrase(const flows::message_catalog& words, std::string_view locale,
                         const std::vector<std::string>& labels);

// The digest for `p`. An empty result gives the kind "nothing new" message (for previews;
// scheduled runs send nothing when there is nothing new). `name` greets the reader.
core::message compose(const context& ctx, const profile& p, const digest_result& result, std::string_view locale,
                      std::string_view name = "");

}  // namespace commonsbot::digest
