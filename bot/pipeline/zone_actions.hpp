// "on.time_zone_found": the lifecycle action that applies a time zone a platform told us
// (Slack's users.info, asked by the people_zones worker off the request path). It runs
// through the pipeline like any event, so the write guard protects the person record
// against an edit made meanwhile (/library profile): the zone is set only while the
// person's time_zone is still empty and only when it is a zone the system's tzdata knows.
// Payload: {"time_zone": "Europe/London"} (the event's fields). It replies nothing.
#pragma once

#include "flows/action.hpp"

namespace commonsbot::pipeline {

// The event text (and so the action "on.<text>") the worker submits.
inline constexpr const char* time_zone_found_event = "time_zone_found";

void add_zone_actions(flows::action_registry& actions);

}  // namespace commonsbot::pipeline
