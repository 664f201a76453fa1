// store_bench: durable commit rates and open cost of commonsbot's store, with SQLite as the
// peer in the same binary. bench/store/run drives it (and lowdb) and prints the table.
//
//   store_bench preload ENGINE DIR DOCS            ENGINE: commonsbot | sqlite
//   store_bench commit ENGINE DIR DOCS THREADS SECONDS
//   store_bench open DIR                            open time and peak RSS, commonsbot
//   store_bench table RESULTS.jsonl                 the summary table with ratios
#include "bench_common.hpp"
#include "log/log.hpp"
#include "store/json_file_store.hpp"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <thread>
#include <vector>

using namespace commonsbot;
using namespace commonsbot::bench;
using nlohmann::json;

namespace {

std::uint64_t peak_rss_kb() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6));
  return 0;
}

std::uint64_t dir_bytes(const std::string& dir) {
  std::uint64_t total = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file()) total += e.file_size();
  return total;
}

// The newest snapshot: the JSON of every document, which is what memory is compared with.
std::uint64_t newest_snapshot_bytes(const std::string& dir) {
  std::string newest;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto name = e.path().filename().string();
    if (name.rfind("snapshot-", 0) == 0 && name.ends_with(".json") && name > newest) newest = name;
  }
  return newest.empty() ? 0 : std::filesystem::file_size(std::filesystem::path(dir) / newest);
}

store::options store_options(const std::string& dir) {
  store::options o;
  o.dir = dir;
  o.sync = store::sync_mode::always;  // every acknowledged commit fdatasynced
  return o;
}

std::unique_ptr<store::json_file_store> open_or_die(const std::string& dir) {
  auto [st, db] = store::json_file_store::open(store_options(dir));
  if (!st) {
    std::fprintf(stderr, "open %s: %s\n", dir.c_str(), st.to_string().c_str());
    std::exit(1);
  }
  return std::move(db);
}

void preload_commonsbot(const std::string& dir, std::uint64_t docs) {
  auto db = open_or_die(dir);
  constexpr std::uint64_t batch = 10000;
  for (std::uint64_t base = 0; base < docs; base += batch) {
    store::transaction t;
    for (std::uint64_t i = base; i < std::min(docs, base + batch); ++i) t.put("docs", doc_key(i), make_doc(i));
    if (!db->commit(std::move(t))) std::exit(1);
  }
  if (!db->close()) std::exit(1);  // leaves one snapshot of everything
}

commit_result commonsbot_commits(const std::string& dir, std::uint64_t preload, int threads, double seconds) {
  auto db = open_or_die(dir);
  commit_result r{"commonsbot", threads, preload, 0, 0};
  std::atomic<std::uint64_t> commits{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> workers;
  const auto before = db->stats();
  const auto t0 = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<std::uint64_t>(t) * 7919 + 1);
      while (!stop.load(std::memory_order_relaxed)) {
        const std::uint64_t id = rng() % preload;
        store::transaction txn;
        txn.put("docs", doc_key(id), make_doc(id));
        if (!db->commit(std::move(txn))) std::exit(1);
        commits.fetch_add(1, std::memory_order_relaxed);
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  r.seconds = seconds_since(t0);
  r.commits = commits.load();
  const auto after = db->stats();
  std::fprintf(stderr, "commonsbot: %d writers, %llu commits in %llu groups (%.1f per sync), %llu snapshots\n", threads,
               static_cast<unsigned long long>(r.commits),
               static_cast<unsigned long long>(after.groups - before.groups),
               static_cast<double>(r.commits) / static_cast<double>(std::max<std::uint64_t>(1, after.syncs - before.syncs)),
               static_cast<unsigned long long>(after.snapshots - before.snapshots));
  db->close();
  return r;
}

json open_cost(const std::string& dir) {
  const auto t0 = std::chrono::steady_clock::now();
  auto db = open_or_die(dir);
  const double secs = seconds_since(t0);
  const auto stats = db->stats();
  return {{"kind", "open"}, {"engine", "commonsbot"}, {"documents", stats.documents}, {"open_seconds", secs},
          {"peak_rss_bytes", peak_rss_kb() * 1024}, {"snapshot_bytes", newest_snapshot_bytes(dir)},
          {"dir_bytes", dir_bytes(dir)}};
}

std::string fmt(double v, const char* f = "%.0f") {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

void print_table(const std::string& path) {
  std::ifstream in(path);
  std::map<std::tuple<std::uint64_t, int, std::string>, double> rate;  // (preload, threads, engine) -> commits/s
  std::vector<json> opens;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const json j = json::parse(line);
    if (j["kind"] == "commit") {
      auto& slot = rate[{j["preload"].get<std::uint64_t>(), j["threads"].get<int>(), j["engine"].get<std::string>()}];
      slot = std::max(slot, j["rate"].get<double>());
    } else if (j["kind"] == "open") {
      opens.push_back(j);
    }
  }
  auto get = [&](std::uint64_t n, int t, const std::string& e) {
    auto it = rate.find({n, t, e});
    return it == rate.end() ? -1.0 : it->second;
  };
  std::printf("\nDurable commits per second, one ~200-byte document per transaction\n\n");
  std::printf("| pre-stored | writers | commonsbot | SQLite (best of 2 modes) | lowdb | commonsbot / SQLite | commonsbot / lowdb |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|\n");
  for (std::uint64_t n : {1000ull, 1000000ull})
    for (int t : {1, 8, 32}) {
      const double cb = get(n, t, "commonsbot");
      const double sq = std::max(get(n, t, "sqlite"), get(n, t, "sqlite-shared"));
      const double lo = get(n, t, "lowdb");
      if (cb < 0 && sq < 0 && lo < 0) continue;
      std::printf("| %s | %d | %s | %s | %s | %s | %s |\n", fmt(static_cast<double>(n)).c_str(), t,
                  cb < 0 ? "-" : fmt(cb).c_str(), sq < 0 ? "-" : fmt(sq).c_str(), lo < 0 ? "-" : fmt(lo, "%.1f").c_str(),
                  cb > 0 && sq > 0 ? (fmt(cb / sq, "%.1f") + "x").c_str() : "-",
                  cb > 0 && lo > 0 ? (fmt(cb / lo, "%.0f") + "x").c_str() : "-");
    }
  std::printf("\ncommonsbot commit rate at 1M documents vs 1k:");
  for (int t : {1, 8, 32}) {
    const double a = get(1000, t, "commonsbot"), b = get(1000000, t, "commonsbot");
    if (a > 0 && b > 0) std::printf("  %d writers %s%%", t, fmt(100.0 * b / a).c_str());
  }
  std::printf("  (target: within 20%%)\n");
  for (const auto& o : opens) {
    const double rss = o["peak_rss_bytes"].get<double>(), snap = o["snapshot_bytes"].get<double>();
    std::printf("\nopen with %s documents: %.2f s (target < 3 s); peak RSS %.0f MiB = %.2fx the %.0f MiB snapshot "
                "(target <= 2x; whole directory %.0f MiB)\n",
                fmt(o["documents"].get<double>()).c_str(), o["open_seconds"].get<double>(), rss / 1048576, rss / snap,
                snap / 1048576, o["dir_bytes"].get<double>() / 1048576);
  }
}

}  // namespace

int main(int argc, char** argv) {
  log::set_level(log::level::warn);
  const std::vector<std::string> a(argv + 1, argv + argc);
  try {
    if (a.size() == 4 && a[0] == "preload") {
      if (a[1] == "commonsbot") preload_commonsbot(a[2], std::stoull(a[3]));
      else sqlite_preload(a[2], std::stoull(a[3]));
      return 0;
    }
    if (a.size() == 6 && a[0] == "commit") {
      const auto docs = std::stoull(a[3]);
      const int threads = std::stoi(a[4]);
      const double secs = std::stod(a[5]);
      if (a[1] == "commonsbot") std::cout << commonsbot_commits(a[2], docs, threads, secs).to_json().dump() << "\n";
      else if (a[1] == "sqlite") std::cout << sqlite_commits(a[2], docs, threads, secs, false).to_json().dump() << "\n";
      else std::cout << sqlite_commits(a[2], docs, threads, secs, true).to_json().dump() << "\n";
      return 0;
    }
    if (a.size() == 2 && a[0] == "open") {
      std::cout << open_cost(a[1]).dump() << "\n";
      return 0;
    }
    if (a.size() == 2 && a[0] == "table") {
      print_table(a[1]);
      return 0;
    }
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "store_bench: %s\n", ex.what());
    return 1;
  }
  std::fprintf(stderr,
               "usage: store_bench preload ENGINE DIR DOCS | commit ENGINE DIR DOCS THREADS SECONDS | open DIR | "
               "table RESULTS.jsonl\n");
  return 64;
}
