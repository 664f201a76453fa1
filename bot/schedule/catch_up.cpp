#include "schedule/catch_up.hpp"

namespace commonsbot::schedule {

due_plan plan_due(const recurrence& r, const zone& z, long long due_ms, long long now_ms, long long lateness_ms) {
  due_plan plan;
  // Recompute the occurrence from the rule rather than trusting due_ms alone: the rule may
  // have been edited (a new exception) since due_ms was stored.
  auto latest = next_after(r, z, due_ms - 1);
  if (!latest || latest->utc_ms > now_ms) {
    plan.next = latest;
    return plan;
  }
  auto after = next_after(r, z, latest->utc_ms);
  while (after && after->utc_ms <= now_ms) {
    plan.skipped.push_back(*latest);
    latest = after;
    after = next_after(r, z, latest->utc_ms);
  }
  if (now_ms - latest->utc_ms <= lateness_ms) plan.fire = latest;
  else plan.skipped.push_back(*latest);
  plan.next = after;
  return plan;
}

}  // namespace commonsbot::schedule
