// People records as every collab action reads them: one person by key, everyone in a
// school, the name to show, and how to reach someone who may never have talked to the bot.
// Read defensively: a record another part of the bot wrote badly (or an old one) is treated
// as someone we haven't met, never a reason to stop a conversation.
#pragma once

#include "core/conversation_ref.hpp"
#include "core/person.hpp"
#include "flows/action.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

// The person stored under "<tenant>/<person_key>" ("platform:user"); nullopt if there is none
// or the record cannot be read.
std::optional<core::person> find_person(const flows::record_view& records, std::string_view tenant,
                                        std::string_view person_key);

// Everyone the school has a readable record for, in key order.
std::vector<core::person> people_of(const flows::record_view& records, std::string_view tenant);

// The name to show: display name, else the platform's id.
std::string name_of(const core::person& p);
// The same for `person_key`: their display name, else the user id part of the key.
std::string name_of(const flows::record_view& records, std::string_view tenant, std::string_view person_key);

// Where to send a notice: their DM if the bot has seen them, else a DM opened by user id.
core::conversation_ref reach(const core::person& p);
// The same for `person_key`, who may have no record yet: then a DM built from the key.
core::conversation_ref direct_ref(const flows::record_view& records, std::string_view tenant,
                                  std::string_view person_key);

// The console's user id for a name, as `commonsbot chat --as NAME` makes it: lower case,
// every character other than a letter or digit replaced by '-'. Mentions typed on the
// console are matched through it.
std::string console_user_id(std::string_view name);

// The store key of a person record: "<tenant>/<platform:user>".
std::string person_record_key(const core::person& p);

}  // namespace commonsbot::collab
