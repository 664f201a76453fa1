// The clock every component asks for the time, so tests can move it.
#pragma once

#include <atomic>
#include <chrono>

namespace commonsbot::core {

class clock {
 public:
  using time_point = std::chrono::system_clock::time_point;
  virtual ~clock() = default;
  virtual time_point now() const = 0;
};

class system_clock final : public clock {
 public:
  time_point now() const override { return std::chrono::system_clock::now(); }
};

// A clock that only moves when told to. Thread-safe.
class manual_clock final : public clock {
 public:
  explicit manual_clock(time_point start = time_point{}) : now_(start.time_since_epoch().count()) {}
  time_point now() const override { return time_point(time_point::duration(now_.load())); }
  void set(time_point t) { now_.store(t.time_since_epoch().count()); }
  void advance(std::chrono::system_clock::duration d) { now_.fetch_add(d.count()); }

 private:
  std::atomic<time_point::rep> now_;
};

// Milliseconds since the Unix epoch, the form times take in stored records.
inline long long to_epoch_ms(clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline clock::time_point from_epoch_ms(long long ms) {
  return clock::time_point(std::chrono::duration_cast<clock::time_point::duration>(std::chrono::milliseconds(ms)));
}

}  // namespace commonsbot::core
