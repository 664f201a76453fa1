// Summaries of repeated runs, shared by delivery_bench, delivery_sim and rollout_sim.
// Standard library only, so rollout_sim stays free of the project's libraries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace commonsbot::bench {

// The target the delivery benchmarks check: within 10% of a bound.
constexpr double within_ratio = 1.10;

inline double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

inline long long count_within(const std::vector<double>& ratios) {
  return std::count_if(ratios.begin(), ratios.end(), [](double r) { return r <= within_ratio; });
}

}  // namespace commonsbot::bench
