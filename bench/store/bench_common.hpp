// Shared pieces of the store benchmark: the document written, timing, and results.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace commonsbot::bench {

// A document of exactly `bytes` bytes of compact JSON (for bytes >= 60).
inline nlohmann::json make_doc(std::uint64_t id, std::size_t bytes = 200) {
  nlohmann::json doc = {{"id", id}, {"title", "booking for room " + std::to_string(id % 97)}, {"body", ""}};
  const std::size_t base = doc.dump().size();
  doc["body"] = std::string(bytes > base ? bytes - base : 0, 'x');
  return doc;
}

inline std::string doc_key(std::uint64_t i) { return "doc-" + std::to_string(i); }

inline double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// One measurement, printed as a JSON line for the run script.
struct commit_result {
  std::string engine;
  int threads = 0;
  std::uint64_t preload = 0;
  std::uint64_t commits = 0;
  double seconds = 0;
  nlohmann::json to_json() const {
    return {{"kind", "commit"}, {"engine", engine}, {"threads", threads}, {"preload", preload},
            {"commits", commits}, {"seconds", seconds}, {"rate", seconds > 0 ? commits / seconds : 0.0}};
  }
};

// SQLite peer (sqlite_peer.cpp): WAL, synchronous=FULL, one transaction per record.
void sqlite_preload(const std::string& path, std::uint64_t docs);
commit_result sqlite_commits(const std::string& path, std::uint64_t preload, int threads, double seconds,
                             bool shared_connection);

}  // namespace commonsbot::bench
