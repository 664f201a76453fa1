// Meetings as the chat shows them: the records of a tenant read defensively, the settings
// that apply, and each meeting as a card ("Tuesdays 8:15am (Pacific/Auckland), term time",
// who, where, its nudges and when the next one goes, in the reader's zone). Shared by the
// list, add and remove actions so a meeting reads the same everywhere.
#pragma once

#include "core/role.hpp"
#include "flows/action.hpp"
#include "meetings/meeting.hpp"
#include "nudges/nudge_fire.hpp"

#include <optional>
#include <string>
#include <vector>

namespace commonsbot::nudges::detail {

// The tenant's settings, or empty ones for a tenant the config says nothing about.
const tenant_settings& settings_for(const context& ctx, const std::string& tenant);

// Every readable meeting of `tenant`, in id order ("m2" before "m10"); unreadable records
// are skipped, never a reason to stop a conversation.
std::vector<meetings::meeting> meetings_of(const flows::record_view& records, const std::string& tenant);
std::optional<meetings::meeting> find_meeting(const flows::record_view& records, const std::string& tenant,
                                              const std::string& id);

// The rules a meeting is nudged by: its own, else the tenant's, else the built-in one.
std::vector<meetings::nudge_rule> rules_for(const meetings::meeting& m, const tenant_settings& t);

// "Tuesdays 8:15am (Pacific/Auckland), term time".
std::string when_words(const flows::action_call& call, const meetings::meeting& m);
// "the day before at 3pm", "2 hours before", each with ", teachers too" when they get it.
std::string rules_words(const flows::action_call& call, const std::vector<meetings::nudge_rule>& rules);
// When the next nudge for `m` goes, in the reader's zone ("Monday 9 March, 3pm
// (Pacific/Auckland)"); a sentence saying there is none when nothing is coming up.
std::string next_nudge_words(const flows::action_call& call, const context& ctx, const meetings::meeting& m);

// The meeting as a card section: title "m3 · Years 5-6 syndicate" and its fields.
core::section meeting_section(const flows::action_call& call, const context& ctx, const meetings::meeting& m);

// Who may add and remove meetings: library staff and admins.
bool may_change_meetings(core::role r);

// The tenant and person key of whoever is acting.
std::string tenant_of(const flows::action_call& call);

void add_meeting_list_actions(flows::action_registry& actions, const context& ctx);    // meeting_actions.cpp
void add_meeting_add_actions(flows::action_registry& actions, const context& ctx);     // meeting_add_actions.cpp
void add_meeting_save_actions(flows::action_registry& actions, const context& ctx);    // meeting_save_actions.cpp
void add_meeting_remove_actions(flows::action_registry& actions, const context& ctx);  // meeting_remove_actions.cpp

}  // namespace commonsbot::nudges::detail
