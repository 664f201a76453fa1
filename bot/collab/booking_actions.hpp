// The booking actions: the intake a teacher goes through (/library book) and the answers
// library staff give (/library bookings, and the buttons on each booking's card). Registered
// with the time zones that decide what "today" is, so tests can pass their own.
#pragma once

#include "collab/profile_zones.hpp"
#include "collab/services.hpp"

namespace commonsbot::collab {

void add_booking_actions(flows::action_registry& actions, const services& s, const people::time_zones& zones);

// The two halves, each in its own file.
void add_booking_intake_actions(flows::action_registry& actions, const people::time_zones& zones);
void add_booking_answer_actions(flows::action_registry& actions, const people::time_zones& zones);

}  // namespace commonsbot::collab
