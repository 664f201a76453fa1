// The scheduler jobs meetings and plans need, derived (pure) from the records, so the serve
// loop can rebuild them at start and after any change without keeping a second truth:
//
//   one "nudge" job per (meeting, rule): the meeting's recurrence moved earlier by the rule
//     (weekdays, dates, terms and holidays shifted with it, so a Monday meeting in the first
//     week of term is nudged on the Sunday before), job id "nudge-<meeting id>-<rule index>";
//   one "reflect" job per open plan with an end date: that date at 15:00 in the owner's
//     zone (or the tenant's), job id "reflect-<plan id>".
//
// Job payloads name the records ({"meeting": id, "rule": index} / {"plan": id}); the fire
// handler reads them fresh, so an edit between planning and firing is honoured.
#pragma once

#include "meetings/calendar.hpp"
#include "meetings/meeting.hpp"
#include "meetings/nudge_rule.hpp"
#include "schedule/job.hpp"

#include <map>
#include <string>
#include <vector>

namespace commonsbot::meetings {

// The meeting's recurrence with the school calendar applied (terms as `within`, holiday
// days added to `except`) when m.school_terms_only.
schedule::recurrence effective_rule(const meeting& m, const school_calendar& cal);

// The nudge job for rule `index` of `rules` (progress fields empty: the scheduler plans it).
schedule::job nudge_job(const meeting& m, const school_calendar& cal, const nudge_rule& rule, std::size_t index);

// Every nudge job for `m` (one per rule).
std::vector<schedule::job> nudge_jobs(const meeting& m, const school_calendar& cal, const std::vector<nudge_rule>& rules);

// A plan's reflect job: its end date ("YYYY-MM-DD") at 15:00 in `zone`.
schedule::job reflect_job(const std::string& tenant, const std::string& plan_id, const std::string& ends,
                          const std::string& zone);

// What to change so the stored jobs (of the kinds this file makes, "nudge" and "reflect")
// match `wanted`: jobs to put (new, or whose kind/rule/payload differ; progress is kept
// when only the payload changed) and keys to remove. Other kinds are never touched.
struct job_changes {
  std::vector<schedule::job> put;
  std::vector<std::string> remove;
};
job_changes diff(const std::map<std::string, schedule::job, std::less<>>& existing, const std::vector<schedule::job>& wanted,
                 std::string_view tenant);

}  // namespace commonsbot::meetings
