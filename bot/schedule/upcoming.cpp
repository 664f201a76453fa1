#include "schedule/upcoming.hpp"

#include <queue>

namespace commonsbot::schedule {

std::vector<planned_fire> upcoming(const std::map<std::string, job, std::less<>>& jobs, long long from_ms,
                                   std::size_t count) {
  struct entry {
    occurrence occ;
    const job* j;
    zone z;
  };
  auto later = [](const entry& a, const entry& b) { return a.occ.utc_ms > b.occ.utc_ms; };
  std::priority_queue<entry, std::vector<entry>, decltype(later)> heap(later);
  for (const auto& [key, j] : jobs) {
    const auto z = zone::find(j.rule.zone);
    if (!z || j.next_due_ms == 0) continue;
    // From now, not from the stored next due: a fire overdue while the bot was down goes
    // (or is skipped) by the catch-up rule at the next tick, which `schedule list` shows.
    if (auto occ = next_after(j.rule, *z, from_ms)) heap.push({*occ, &j, *z});
  }
  std::vector<planned_fire> out;
  while (!heap.empty() && out.size() < count) {
    auto e = heap.top();
    heap.pop();
    out.push_back({e.occ.utc_ms, e.j->key(), e.occ.scheduled, e.j->rule.zone});
    if (auto occ = next_after(e.j->rule, e.z, e.occ.utc_ms)) heap.push({*occ, e.j, e.z});
  }
  return out;
}

}  // namespace commonsbot::schedule
