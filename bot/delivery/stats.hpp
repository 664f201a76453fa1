// Counters the delivery worker keeps, read by the stats endpoint from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace commonsbot::delivery {

struct delivery_stats {
  std::atomic<std::uint64_t> sent{0};      // entries fully accepted by their platform
  std::atomic<std::uint64_t> retried{0};   // attempts that failed and were rescheduled
  std::atomic<std::uint64_t> failed{0};    // entries moved to dead_letters
  std::atomic<std::uint64_t> queued{0};    // entries waiting in the outbox now (gauge)
  std::atomic<std::uint64_t> in_flight{0};  // requests on the wire now (gauge)
};

}  // namespace commonsbot::delivery
