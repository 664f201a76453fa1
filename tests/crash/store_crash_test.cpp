// kill -9 of a process committing under concurrent load, at random moments (including
// inside snapshots and inside recovery), at least 200 times; after each, every
// acknowledged transaction must be present and whole, and no partial one visible.
#include "process.hpp"
#include "log/log.hpp"
#include "store/json_file_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;

namespace {

constexpr int ring = 64;  // as in store_crash_helper.cpp
constexpr int threads = 4;

unsigned env_or(const char* name, unsigned fallback) {
  const char* v = std::getenv(name);
  return v ? static_cast<unsigned>(std::stoul(v)) : fallback;
}

struct acks {
  std::map<int, int> max_i;  // thread -> highest acknowledged commit
  std::uint64_t max_seq = 0;
  int count = 0;
};

void parse_acks(const std::string& out, acks& a) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    if (lines.eof() && !out.empty() && out.back() != '\n') break;  // a cut line was never said
    std::istringstream f(line);
    std::string word;
    int t = 0, i = 0;
    std::uint64_t seq = 0;
    if (f >> word && word == "ack" && f >> t >> i >> seq) {
      a.max_i[t] = std::max(a.max_i[t], i);
      a.max_seq = std::max(a.max_seq, seq);
      ++a.count;
    }
  }
}

// The recovered state is whole: per thread, progress p >= every ack, the last 64 commits
// all have their three parts, nothing of a commit after p is visible, and scratch holds
// exactly p's entry.
void check_state(json_file_store& db, const acks& a) {
  CHECK(db.last_sequence() >= a.max_seq);
  for (int t = 0; t < threads; ++t) {
    const std::string me = std::to_string(t);
    auto progress = db.get("progress", me);
    const int acked = a.max_i.count(t) ? a.max_i.at(t) : 0;
    if (!progress) {
      CHECK(acked == 0);
      continue;
    }
    const int p = progress->get<int>();
    INFO("thread " << t << " progress " << p << " acked " << acked);
    CHECK(p >= acked);
    for (int i = std::max(1, p - ring + 1); i <= p; ++i) {
      const std::string slot = me + "-" + std::to_string(i % ring);
      CHECK(db.get("parts", slot + "-0").value()["i"] == i);
      CHECK(db.get("parts", slot + "-1").value()["i"] == i);
      CHECK(db.get("parts2", slot + "-2").value()["i"] == i);
      CHECK(db.get("parts2", slot + "-2").value()["text"] == "Grüße \n\"quoted\"");
    }
    const auto scratch = db.scan("scratch", me + "-");
    REQUIRE(scratch.size() == 1);
    CHECK(scratch[0].first == me + "-" + std::to_string(p));
  }
}

}  // namespace

TEST_CASE("kill -9 at random moments never loses or tears an acknowledged commit", "[crash]") {
  commonsbot::log::set_level(commonsbot::log::level::error);
  const unsigned seed = env_or("COMMONSBOT_CRASH_SEED", std::random_device{}());
  const unsigned iterations = env_or("COMMONSBOT_CRASH_ITERATIONS", 200);
  std::cerr << "store crash test: seed " << seed << ", " << iterations
            << " kills (rerun with COMMONSBOT_CRASH_SEED=" << seed << ")\n";
  std::mt19937 rng(seed);
  temp_dir d("commonsbot-crash");
  const std::string dir = (d / "data").string();
  acks a;
  int snapshots_seen = 0;
  int kills_in_snapshot = 0;
  for (unsigned it = 0; it < iterations; ++it) {
    const auto delay = std::chrono::milliseconds(rng() % 301);
    INFO("iteration " << it << ", seed " << seed << ", kill after " << delay.count() << " ms");
    {
      piped_process child({STORE_CRASH_HELPER, "commit", dir, std::to_string(seed + it), std::to_string(threads)});
      child.read_for(delay);
      child.kill9();
      parse_acks(child.output(), a);
    }
    // A snapshot's temp file left behind means this kill landed inside a snapshot.
    if (std::filesystem::exists(dir))
      for (const auto& e : std::filesystem::directory_iterator(dir))
        kills_in_snapshot += e.path().extension() == ".tmp";
    options o;
    o.dir = dir;
    o.snapshot_on_close = false;  // leave the directory as the next child will find it
    auto [st, db] = json_file_store::open(o);
    INFO(st.to_string());
    REQUIRE(st.is_ok());
    check_state(*db, a);
    REQUIRE(db->close());
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      const auto name = e.path().filename().string();
      CHECK(name.rfind("corrupt-", 0) != 0);  // only torn tails were ever repaired
      snapshots_seen += name.rfind("snapshot-", 0) == 0;
    }
  }
  std::cerr << "store crash test: " << a.count << " acknowledged commits checked over " << iterations
            << " kills, " << kills_in_snapshot << " of them inside a snapshot\n";
  CHECK(a.count > 1000);
  CHECK(snapshots_seen > 0);
  CHECK(kills_in_snapshot > 0);
}

TEST_CASE("a second process is refused with the holder's pid, and kill -9 frees the lock", "[crash][lock]") {
  temp_dir d("commonsbot-lock");
  const std::string dir = (d / "data").string();
  piped_process holder({STORE_CRASH_HELPER, "hold", dir});
  REQUIRE(holder.wait_for_line("opened", std::chrono::seconds(10)));
  {
    piped_process second({STORE_CRASH_HELPER, "try", dir});
    CHECK(second.wait() == 3);
    CHECK_THAT(second.output(), Catch::Contains("locked by pid " + std::to_string(holder.pid())));
  }
  holder.kill9();
  CHECK(std::filesystem::exists(std::filesystem::path(dir) / "LOCK"));
  piped_process third({STORE_CRASH_HELPER, "try", dir});
  CHECK(third.wait() == 0);
  CHECK_THAT(third.output(), Catch::Contains("ok"));
}
