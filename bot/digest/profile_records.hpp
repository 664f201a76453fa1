// Digest profiles as the chat actions read and write them: the stored one, or a fresh one
// (unsubscribed) seeded from what the person's own profile says they teach; and the small
// texts every digest reply shows (areas, years, topics, when it comes).
#pragma once

#include "core/person.hpp"
#include "digest/digest_context.hpp"
#include "digest/profile.hpp"
#include "flows/action.hpp"
#include "flows/engine.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::digest {

// The profile stored for `person_key`; nullopt when there is none or it can't be read.
std::optional<profile> stored_profile(const flows::record_view& records, std::string_view tenant,
                                      std::string_view person_key);

// The stored profile, else a new unsubscribed one from the person's learning areas, year
// levels and interests.
profile profile_for(const flows::record_view& records, const core::person& who);

// Writes `p` (normalised) in the event's transaction. Chat writes only the profile, never
// "digest_sent" (sent_state.hpp: each record has one writer).
void put_profile(flows::effects& out, profile p);

// What sending has done for `p`'s person: the "digest_sent" record, else the sent fields a
// profile from before that record carried, else nothing sent yet. nullopt when the record is
// there but cannot be read (the caller decides: a fire refuses, a preview starts afresh).
std::optional<sent_state> sent_for(const flows::record_view& records, const profile& p);

// Tells the schedule the tenant's digests changed, once the write is durable (null in chat
// and offline commands: the next `serve` derives the jobs).
void schedule_changed(const context& ctx, flows::effects& out, const std::string& tenant);

// Words for the summary card and replies, in the acting person's locale.
std::string areas_text(const flows::flow_context& ctx, const std::vector<std::string>& areas);
std::string years_text(const flows::flow_context& ctx, const std::vector<int>& years);
std::string words_text(const flows::flow_context& ctx, const profile& p);
// "every Monday at 8am", "off".
std::string when_text(const flows::flow_context& ctx, const profile& p);

// "8:00" -> "8am", "15:30" -> "3:30pm".
std::string friendly_time(std::string_view hhmm);

// "8", "8am", "8:30", "08:30", "3pm", "3:30 pm", "15:30" -> "HH:MM"; nullopt otherwise.
std::optional<std::string> parse_time(std::string_view text);

}  // namespace commonsbot::digest
