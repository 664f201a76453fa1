// The scheduler jobs a tenant should have, derived from its records: one "nudge" job per
// (meeting, rule) and one "reflect" job per open plan that has not ended yet. Pure reads, so
// the serve loop can run it at start and after every change without a second truth.
#pragma once

#include "meetings/calendar.hpp"
#include "meetings/meeting.hpp"
#include "meetings/nudge_rule.hpp"
#include "schedule/job.hpp"
#include "store/store.hpp"

#include <string>
#include <vector>

namespace commonsbot::workers {

// An iCalendar feed of a tenant's meetings (config tenants[].calendars).
struct calendar_feed_settings {
  std::string url;                 // http(s) URL or a file path
  long long refresh_minutes = 360;
  std::string zone;                // for floating times; empty: the tenant's
};

// What the schedule needs to know about a tenant (from config tenants[]).
struct tenant_schedule {
  std::string id;
  std::string time_zone;                        // IANA; empty: Pacific/Auckland
  meetings::school_calendar calendar;
  std::vector<meetings::nudge_rule> rules;      // empty: default_nudge_rule()
  std::vector<meetings::meeting> meetings;      // from the config: source "config"
  std::vector<calendar_feed_settings> feeds;
};

// The zone used when neither the person nor the tenant names one: the bot is made for
// New Zealand schools.
inline constexpr const char* fallback_zone = "Pacific/Auckland";

struct derived_jobs {
  std::vector<schedule::job> wanted;
  std::size_t meetings = 0;       // meetings that produced jobs
  std::size_t plans = 0;          // plans with a reflect job
  std::vector<std::string> problems;  // records skipped, in words (logged by the caller)
};

// Reads the tenant's meetings and plans (and plan owners' people records) from `db`.
// `now_ms` decides which plans have already ended (their end date before today, locally).
derived_jobs derive_jobs(const store::store& db, const tenant_schedule& t, long long now_ms);

// The writes that make the stored meetings with source "config" exactly `t.meetings`
// (new or changed ones put, ones no longer configured erased); empty when nothing differs.
store::transaction sync_config_meetings(const store::store& db, const tenant_schedule& t);

}  // namespace commonsbot::workers
