// Digests for every teacher: 10,000 interest profiles over a 100,000-resource catalogue of
// which 2,000 are new, on one core. Times taking the new items from the catalogue, building
// the matcher and matching every profile (bot/digest/matcher.hpp), then asks SQLite FTS5 the
// same question (one query per teacher over a table of the new items, bm25() and SQL
// filters) and prints both, the ratio, peak memory and how much the two answers agree.
//
// Usage: digest_bench [resources=100000] [new=2000] [teachers=10000] [seed=42]
#include "fts5_digest_peer.hpp"
#include "generate.hpp"
#include "teachers.hpp"

#include "catalogue/catalogue.hpp"
#include "digest/matcher.hpp"

#include <sqlite3.h>
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

namespace {

using namespace commonsbot;
using clock_type = std::chrono::steady_clock;

constexpr double target_s = 5.0;
constexpr std::size_t cap = 8;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

double cpu_seconds() {  // the process's CPU time: one thread does all the work
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // kilobytes on Linux
}

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t resources = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::size_t fresh_count = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2000;
  const std::size_t teachers = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 10000;
  const std::uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 42;
  if (resources == 0 || teachers == 0 || fresh_count > resources) {
    std::fprintf(stderr, "usage: digest_bench [resources] [new <= resources] [teachers] [seed]\n");
    return 2;
  }
  std::printf("digest bench: %zu resources (%zu new), %zu teachers, cap %zu, seed %llu, SQLite %s\n", resources,
              fresh_count, teachers, cap, static_cast<unsigned long long>(seed), sqlite3_libversion());

  auto all = bench::generate_catalogue(resources, seed);
  bench::make_new(all, fresh_count, seed);
  const std::vector<catalogue::resource> fresh(all.end() - static_cast<std::ptrdiff_t>(fresh_count), all.end());
  const auto profiles = bench::generate_teachers(teachers, fresh, seed);
  auto t0 = clock_type::now();
  catalogue::catalogue cat;
  cat.set_shared(std::move(all));
  std::printf("catalogue loaded in %.2f s (not counted below); peak RSS so far %.0f MiB\n", seconds_since(t0),
              peak_mib());

  // Ours: everything a digest run does to decide, in one thread.
  const std::string load_start = load_average();
  double c0 = cpu_seconds();
  t0 = clock_type::now();
  const auto m = digest::matcher::added_since(cat, "school", bench::new_since);
  const double build_wall = seconds_since(t0), build_cpu = cpu_seconds() - c0;
  std::vector<std::vector<std::string>> ours;
  ours.reserve(profiles.size());
  std::size_t picks = 0, empty = 0;
  for (const auto& t : profiles) {
    const auto d = m.match(t.profile, t.sent, {.cap = cap});
    picks += d.size();
    empty += d.empty();
    ours.push_back(d.ids());
  }
  const double ours_wall = seconds_since(t0), ours_cpu = cpu_seconds() - c0;
  const double ours_peak = peak_mib();

  // The peer, same question.
  t0 = clock_type::now();
  bench::fts5_digest_peer peer(fresh);
  const double peer_build = seconds_since(t0);
  c0 = cpu_seconds();
  t0 = clock_type::now();
  std::size_t peer_picks = 0, shared = 0;
  for (std::size_t i = 0; i < profiles.size(); ++i) {
    const auto theirs = peer.digest(profiles[i].profile, profiles[i].sent, cap);
    peer_picks += theirs.size();
    const std::set<std::string> mine(ours[i].begin(), ours[i].end());
    for (const auto& id : theirs) shared += mine.contains(id);
  }
  const double peer_wall = seconds_since(t0), peer_cpu = cpu_seconds() - c0;

  const double n = static_cast<double>(profiles.size());
  std::printf("new items: %zu taken from the catalogue; matcher built in %.3f s wall, %.3f s CPU\n", m.size(),
              build_wall, build_cpu);
  std::printf("picks per teacher: commonsbot %.2f (%zu teachers with none), FTS5 %.2f; "
              "%.0f%% of FTS5's picks also in ours\n",
              static_cast<double>(picks) / n, empty, static_cast<double>(peer_picks) / n,
              peer_picks ? 100.0 * static_cast<double>(shared) / static_cast<double>(peer_picks) : 0.0);
  std::printf("%-34s %10s %10s %14s\n", "all digests (s)", "wall", "CPU", "per teacher");
  std::printf("%-34s %10.3f %10.3f %11.1f us\n", "  commonsbot (incl. matcher build)", ours_wall, ours_cpu,
              ours_cpu / n * 1e6);
  std::printf("%-34s %10.3f %10.3f %11.1f us\n", "  SQLite FTS5 (table built apart)", peer_wall, peer_cpu,
              peer_cpu / n * 1e6);
  std::printf("%-34s %9.1fx %9.1fx\n", "  FTS5 / commonsbot", peer_wall / ours_wall, peer_cpu / ours_cpu);
  std::printf("FTS5 table of the new items built in %.3f s\n", peer_build);
  std::printf("peak RSS: %.0f MiB after our digests (the 100,000-resource catalogue included), %.0f MiB at the end\n",
              ours_peak, peak_mib());
  std::printf("load average: %s at the start, %s at the end\n", load_start.c_str(), load_average().c_str());
  const bool pass = ours_cpu < target_s && ours_wall < target_s;
  std::printf("target: all digests in < %.0f s on one core: %s (wall %.3f s, CPU %.3f s)\n", target_s,
              pass ? "PASS" : "FAIL", ours_wall, ours_cpu);
  return pass ? 0 : 1;
}
