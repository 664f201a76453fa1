// What a fire does, by job kind, for the paths that exist so far. "message" posts the
// payload's message to the payload's conversation through the outbox:
//   {"to": <conversation_ref>, "message": <core::message>}
// Other kinds (nudges) get their handlers with the features that own them; until then a
// fire of an unknown kind throws, which the scheduler logs and run-now reports.
#pragma once

#include "schedule/scheduler.hpp"

namespace commonsbot::app {

store::transaction schedule_fire(const schedule::fire& f);

}  // namespace commonsbot::app
