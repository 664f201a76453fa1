// People records as the profile, role and booking actions read them: one person by key,
// everyone in a school, and how to reach someone who may never have talked to the bot.
#pragma once

#include "core/conversation_ref.hpp"
#include "core/person.hpp"
#include "flows/action.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab::people {

// The person stored under "<tenant>/<person_key>" ("platform:user"); nullopt if there is none
// or the record cannot be read.
std::optional<core::person> find_person(const flows::record_view& records, std::string_view tenant,
                                        std::string_view person_key);

// Everyone the school has a record for, in key order. Unreadable records are skipped.
std::vector<core::person> people_of(const flows::record_view& records, std::string_view tenant);

// Where to send a notice: their DM if the bot has seen them, else a DM opened by user id.
core::conversation_ref reach(const core::person& p);

// The name to show: display name, else the platform's id.
std::string name_of(const core::person& p);

// The store key of a person record: "<tenant>/<platform:user>".
std::string person_record_key(const core::person& p);

}  // namespace commonsbot::collab::people
