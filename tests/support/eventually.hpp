// Waiting in tests for something another thread does (a worker sending, a server storing):
// polls instead of sleeping a fixed time, so a fast machine does not wait and a slow one
// does not fail.
#pragma once

#include <chrono>
#include <thread>

namespace commonsbot::test {

// Polls `done` every 5 ms until it is true or `timeout` has passed; its last answer.
template <class Pred>
bool eventually(Pred done, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

}  // namespace commonsbot::test
