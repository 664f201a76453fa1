// Internal: each area of the collaboration actions adds its own, from its own file.
#pragma once

#include "collab/services.hpp"

namespace commonsbot::collab::detail {

// people: profile, role, glossary, bookings
void add_profile_actions(flows::action_registry& actions, const services& s);
void add_role_actions(flows::action_registry& actions, const services& s);
void add_glossary_actions(flows::action_registry& actions, const services& s);
void add_booking_actions(flows::action_registry& actions, const services& s);

// the person's own page in the app (Slack's Home tab): on.home_opened
void add_home_actions(flows::action_registry& actions, const services& s);

// plans: plan, plans, models (plan_actions.cpp)
void add_plan_actions(flows::action_registry& actions, const services& s);

// evidence: log, reflect, share, survey, report
void add_log_actions(flows::action_registry& actions, const services& s);
void add_reflect_actions(flows::action_registry& actions, const services& s);
void add_share_actions(flows::action_registry& actions, const services& s);
void add_survey_actions(flows::action_registry& actions, const services& s);
void add_report_actions(flows::action_registry& actions, const services& s);

// resources: search the catalogue, add to it (resource_search_actions.cpp)
void add_resource_actions(flows::action_registry& actions, const services& s);

}  // namespace commonsbot::collab::detail
