// store_crash_helper: a child process for the crash tests.
//
//   store_crash_helper commit DIR SEED THREADS   commit until killed; print "ack T I SEQ"
//                                                 after each acknowledged commit
//   store_crash_helper hold DIR                   open, print "opened PID", wait to be killed
//   store_crash_helper try DIR                    open and close; print the status;
//                                                 exit 0 opened, 3 locked, 1 otherwise
//
// Commit I of thread T (workload below) writes three parts into ring slot I % 64 of that
// thread, sets progress/T = I, and replaces scratch/T-(I-1) with scratch/T-I, so the
// parent can tell a whole transaction from a partial one after any crash.
#include "log/log.hpp"
#include "store/json_file_store.hpp"

#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace commonsbot::store;

namespace {

constexpr int ring = 64;

void say(const std::string& line) {
  // One write() per line: a line in the pipe is complete, even if we die right after.
  [[maybe_unused]] auto n = ::write(1, line.data(), line.size());
}

options helper_options(const char* dir) {
  options o;
  o.dir = dir;
  o.sync = sync_mode::always;
  o.snapshot_min_bytes = 16 * 1024;  // snapshots every few hundred commits
  o.snapshot_factor = 0.5;
  return o;
}

int commit_loop(const char* dir, unsigned seed, int threads) {
  // Not a structured binding: Clang 14 cannot capture one in the lambdas below.
  auto opened = json_file_store::open(helper_options(dir));
  if (!opened.st) {
    std::fprintf(stderr, "open: %s\n", opened.st.to_string().c_str());
    return 1;
  }
  auto& db = opened.store;
  say("ready\n");
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      std::mt19937 rng(seed * 31 + static_cast<unsigned>(t));
      const std::string me = std::to_string(t);
      auto progress = db->get("progress", me);
      for (int i = progress ? progress->get<int>() + 1 : 1;; ++i) {
        transaction txn;
        const std::string slot = me + "-" + std::to_string(i % ring);
        const std::string filler(rng() % 200, 'x');
        txn.put("parts", slot + "-0", {{"i", i}, {"filler", filler}});
        txn.put("parts", slot + "-1", {{"i", i}});
        txn.put("parts2", slot + "-2", {{"i", i}, {"text", "Grüße \n\"quoted\""}});
        txn.put("progress", me, i);
        txn.put("scratch", me + "-" + std::to_string(i), i);
        if (i > 1) txn.erase("scratch", me + "-" + std::to_string(i - 1));
        const status result = db->commit(std::move(txn));
        if (!result) {
          std::fprintf(stderr, "commit: %s\n", result.to_string().c_str());
          std::_Exit(2);
        }
        // Everything up to last_sequence() is durable, so it is a safe lower bound to report.
        say("ack " + me + " " + std::to_string(i) + " " + std::to_string(db->last_sequence()) + "\n");
      }
    });
  for (auto& w : workers) w.join();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  commonsbot::log::set_level(commonsbot::log::level::error);
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "commit" && argc == 5) return commit_loop(argv[2], static_cast<unsigned>(std::stoul(argv[3])), std::stoi(argv[4]));
  if (mode == "hold" && argc == 3) {
    auto [st, db] = json_file_store::open(helper_options(argv[2]));
    if (!st) {
      say("error " + st.to_string() + "\n");
      return 1;
    }
    say("opened " + std::to_string(::getpid()) + "\n");
    for (;;) ::pause();
  }
  if (mode == "try" && argc == 3) {
    auto [st, db] = json_file_store::open(helper_options(argv[2]));
    say(st.to_string() + "\n");
    if (st) return db->close() ? 0 : 1;
    return st.code() == status_code::locked ? 3 : 1;
  }
  std::fprintf(stderr, "usage: store_crash_helper commit DIR SEED THREADS | hold DIR | try DIR\n");
  return 64;
}
