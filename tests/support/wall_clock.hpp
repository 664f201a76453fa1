// The wall clock as a running server sees it (Slack signatures carry seconds since the epoch),
// and the clock file a test hands `serve --clock-file` to move the server's time.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

namespace commonsbot::test {

inline long long wall_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

inline long long wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Sets the clock file to `ms`, replacing it in one step so the server never reads half a number.
inline void set_clock_file(const std::filesystem::path& file, long long ms) {
  const auto tmp = file.string() + ".tmp";
  std::ofstream(tmp) << ms << "\n";
  std::filesystem::rename(tmp, file);
}

}  // namespace commonsbot::test
