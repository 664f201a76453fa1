// The serve loop's settings from the configuration: each tenant's zone, school calendar,
// nudge rules, configured meetings and iCalendar feeds, and how late a missed fire may go.
#pragma once

#include "config/config.hpp"
#include "nudges/nudge_fire.hpp"
#include "workers/schedule_loop.hpp"

namespace commonsbot::app {

workers::schedule_loop_options schedule_options(const config::config& cfg);

// Adds each tenant's calendar.holidays_ics (a file or URL of all-day holiday events) to its
// calendar's holidays, so jobs and fires agree on them. A calendar that cannot be read is
// logged with the reason and skipped: the configured terms and holidays still apply.
void add_ics_holidays(config::config& cfg);

// Each tenant's zone, calendar and rules into `ctx.tenants`, for nudge fires.
void fill_nudge_tenants(const config::config& cfg, nudges::context& ctx);

}  // namespace commonsbot::app
