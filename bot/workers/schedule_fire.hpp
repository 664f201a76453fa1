// What a fire does, by job kind. "message" posts the payload's message to the payload's
// conversation through the outbox:
//   {"to": <conversation_ref>, "message": <core::message>}
// "nudge" and "reflect" (jobs derived from meetings and plans, meetings/jobs.hpp) go to
// nudges::fire, which reads the records fresh and builds the nudges. Any other kind throws,
// which the scheduler logs and run-now reports.
// "digest" (derived from interest profiles, digest/digest_jobs.hpp) goes to digest::fire,
// with one matcher cache per handler so a tick's fan-out builds each index once.
#pragma once

#include "digest/digest_context.hpp"
#include "nudges/nudge_fire.hpp"
#include "schedule/scheduler.hpp"

namespace commonsbot::workers {

store::transaction schedule_fire(const nudges::context& ctx, const schedule::fire& f);

// The handler for a scheduler: schedule_fire bound to `ctx` (and `digests`, for "digest"
// jobs; null refuses them), which must outlive it.
schedule::fire_handler schedule_fire_handler(const nudges::context& ctx, const digest::context* digests = nullptr);

}  // namespace commonsbot::workers
