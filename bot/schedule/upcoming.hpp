// The next fires across many jobs in time order, without firing anything: `schedule next`.
// A heap of each job's next occurrence, so N fires over J jobs cost O((J + N) log J).
#pragma once

#include "schedule/job.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace commonsbot::schedule {

struct planned_fire {
  long long utc_ms = 0;
  std::string key;
  local_time scheduled;
  std::string zone;
};

std::vector<planned_fire> upcoming(const std::map<std::string, job, std::less<>>& jobs, long long from_ms,
                                   std::size_t count);

}  // namespace commonsbot::schedule
