// What to do with a job that has come due: the "latest once" policy. After downtime, of all
// the occurrences missed, only the latest is sent, and only if it is no later than the
// allowed lateness; the older ones (and a latest one that is too late) are skipped, because
// a reminder for last Tuesday's meeting helps nobody and five of them are spam.
#pragma once

#include "schedule/recurrence.hpp"

#include <optional>
#include <vector>

namespace commonsbot::schedule {

struct due_plan {
  std::optional<occurrence> fire;       // send this one now
  std::vector<occurrence> skipped;      // missed, not sent (for the log)
  std::optional<occurrence> next;       // the job's next occurrence after now; none: finished
};

// `due_ms`: the job's stored next due time (an occurrence of `r`, <= now_ms).
due_plan plan_due(const recurrence& r, const zone& z, long long due_ms, long long now_ms, long long lateness_ms);

}  // namespace commonsbot::schedule
