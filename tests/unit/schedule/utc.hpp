// Spelling UTC instants in tests: utc(2025, 9, 27, 14, 0) is 2025-09-27T14:00Z in ms.
#pragma once

#include "schedule/civil_time.hpp"

namespace commonsbot::test {

inline long long utc(int y, unsigned mo, unsigned d, int h, int mi) {
  return ((schedule::days_from_civil({y, mo, d}) * 24 + h) * 60 + mi) * 60'000LL;
}

}  // namespace commonsbot::test
