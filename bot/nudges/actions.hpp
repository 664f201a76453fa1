// The chat side of meetings and nudges: /library meetings (add, list, remove), the nudge
// preferences (/library nudges on|off, pause until DATE, back, quiet HH:MM-HH:MM) and the
// buttons every nudge carries (I'll raise it, snooze, not this time).
#pragma once

#include "flows/action.hpp"
#include "nudges/nudge_fire.hpp"

namespace commonsbot::nudges {

// Adds every meeting, preference and nudge-button action to `actions`. `ctx` (its tenants'
// settings and the services) must outlive the registry; ctx.db is not used by actions (they
// read through their record_view).
void register_actions(flows::action_registry& actions, const context& ctx);

namespace detail {
void add_meeting_actions(flows::action_registry& actions, const context& ctx);     // meeting_actions.cpp
void add_preference_actions(flows::action_registry& actions, const context& ctx);  // preference_actions.cpp
void add_button_actions(flows::action_registry& actions, const context& ctx);      // button_actions.cpp
}  // namespace detail

}  // namespace commonsbot::nudges
