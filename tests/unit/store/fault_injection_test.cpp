// Power cuts and I/O errors, simulated with fault_env (see fault_env.hpp).
#include "fault_env.hpp"
#include "store_test_util.hpp"

#include <sys/resource.h>

#include <atomic>
#include <csignal>

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;
using nlohmann::json;

namespace {

constexpr int workload_commits = 24;

struct outcome {
  bool opened = false;
  int acked = 0;                  // commits 1..acked were acknowledged
  std::vector<status> failures;   // statuses of the commits that failed, in order
  ::commonsbot::store::health health;
  status closed;                  // what close() said
};

options workload_options(const temp_dir& d, env* e) {
  options o = fast_options(d.path(), e);
  o.snapshot_min_bytes = 1024;  // several snapshots in one short run
  o.snapshot_factor = 1.0;
  return o;
}

// Commit i puts c/k<i> and meta/last = i, and erases c/k<i-2>: every state is checkable.
transaction step(int i) {
  transaction t;
  t.put("c", "k" + std::to_string(i), {{"i", i}, {"pad", std::string(60, 'p')}});
  t.put("meta", "last", i);
  if (i >= 3) t.erase("c", "k" + std::to_string(i - 2));
  return t;
}

outcome run_workload(const temp_dir& d, fault_env& fe) {
  outcome out;
  auto r = json_file_store::open(workload_options(d, &fe));
  if (!r.st) return out;
  out.opened = true;
  for (int i = 1; i <= workload_commits; ++i) {
    const status st = r.store->commit(step(i));
    if (st) {
      REQUIRE(out.failures.empty());  // nothing is acknowledged after a failure
      out.acked = i;
    } else {
      out.failures.push_back(st);
    }
  }
  out.health = r.store->health();
  out.closed = r.store->close();
  return out;
}

// The reopened state is exactly commits 1..L with L >= every acknowledged commit. Only
// the one commit in flight at the crash may be there without an acknowledgement.
void check_recovered(const temp_dir& d, const outcome& o) {
  auto db = must_open(fast_options(d.path()));
  // With the sync ordering right, a snapshot is never found damaged: the fallback to the
  // previous generation is for bit rot, not for crashes.
  CHECK(files_with_prefix(d.path(), "corrupt-").empty());
  const auto last = static_cast<int>(db->last_sequence());
  CHECK(last >= o.acked);
  CHECK(last <= o.acked + 1);
  if (last == 0) {
    CHECK(db->count("c") == 0);
    return;
  }
  CHECK(db->get("meta", "last").value() == last);
  CHECK(db->count("c") == static_cast<std::size_t>(std::min(last, 2)));
  CHECK(db->get("c", "k" + std::to_string(last)).value()["i"] == last);
  if (last >= 2) CHECK(db->get("c", "k" + std::to_string(last - 1)).value()["i"] == last - 1);
  CHECK(db->health().ok);
}

}  // namespace

TEST_CASE("a power cut after any file operation loses no acknowledged commit", "[store][fault]") {
  std::uint64_t total = 0;
  {
    temp_dir d;
    fault_env fe;
    const auto o = run_workload(d, fe);
    REQUIRE(o.acked == workload_commits);
    total = fe.mutating_calls();
  }
  REQUIRE(total > 2 * workload_commits);  // at least a write and a sync per commit
  int crashed_in_snapshot = 0;
  for (std::uint64_t n = 1; n <= total + 1; ++n) {
    for (bool zero_fill : {false, true}) {
      temp_dir d;
      fault_env fe;
      fe.crash_at(n);
      std::atomic<bool> snapshot_seen{false};  // the hook runs on the writer and snapshot threads
      fe.on_append([&](const std::string& p) {
        if (p.ends_with(".json.tmp")) snapshot_seen = true;
      });
      const auto o = run_workload(d, fe);
      if (fe.crashed() && snapshot_seen) ++crashed_in_snapshot;
      fe.power_cut(d.path().string(), zero_fill);
      INFO("power cut at call " << n << " of " << total << (zero_fill ? ", unsynced bytes zero-filled" : "")
                                << ", acked " << o.acked);
      check_recovered(d, o);
    }
  }
  CHECK(crashed_in_snapshot > 0);
}

TEST_CASE("ENOSPC at any write fails the store closed and loses nothing", "[store][fault]") {
  std::uint64_t total = 0;
  {
    temp_dir d;
    fault_env fe;
    run_workload(d, fe);
    total = fe.appends();
  }
  for (std::uint64_t n = 1; n <= total; ++n) {
    temp_dir d;
    fault_env fe;
    fe.fail_append(n, ENOSPC, true);
    const auto o = run_workload(d, fe);
    INFO("ENOSPC at write " << n << " of " << total);
    if (!fe.fault_fired()) {
      // Snapshots run in the background, so a run can make fewer writes than the first.
      CHECK(o.failures.empty());
    } else if (o.opened && o.failures.empty()) {
      // The write that failed was close()'s snapshot: close must say so.
      CHECK(o.closed.code() == status_code::failed);
      CHECK_THAT(o.closed.message(), Catch::Contains("No space left on device"));
    } else if (o.opened) {
      CHECK((o.failures[0].code() == status_code::io_error || o.failures[0].code() == status_code::failed));
      CHECK_THAT(o.failures[0].message(), Catch::Contains("No space left on device"));
      for (std::size_t i = 1; i < o.failures.size(); ++i) CHECK(o.failures[i].code() == status_code::failed);
      CHECK_FALSE(o.health.ok);
      CHECK_THAT(o.health.reason, Catch::Contains("No space left on device"));
    }
    check_recovered(d, o);  // a process restart, no power cut
  }
}

TEST_CASE("EIO from any sync fails the store closed, is never retried, and loses nothing", "[store][fault]") {
  std::uint64_t total = 0;
  {
    temp_dir d;
    fault_env fe;
    run_workload(d, fe);
    total = fe.syncs();
  }
  for (std::uint64_t n = 1; n <= total; ++n) {
    temp_dir d;
    fault_env fe;
    fe.fail_sync(n, EIO);
    const auto o = run_workload(d, fe);
    INFO("EIO at sync " << n << " of " << total);
    if (!fe.fault_fired()) {
      CHECK(o.failures.empty());
    } else if (o.opened && o.failures.empty()) {
      CHECK(o.closed.code() == status_code::failed);
      CHECK_THAT(o.closed.message(), Catch::Contains("Input/output error"));
    } else if (o.opened) {
      CHECK_THAT(o.failures[0].message(), Catch::Contains("Input/output error"));
      for (std::size_t i = 1; i < o.failures.size(); ++i) CHECK(o.failures[i].code() == status_code::failed);
      CHECK_FALSE(o.health.ok);
    }
    CHECK(fe.syncs_after_failed_sync() == 0);
    CHECK(fe.syncs() <= n + 1);  // at most the snapshot thread's own sync in flight
    check_recovered(d, o);
  }
}

TEST_CASE("ENOSPC on a commit's write reaches that commit's waiter", "[store][fault]") {
  temp_dir d;
  fault_env fe;
  auto db = must_open(fast_options(d.path(), &fe));
  REQUIRE(db->commit(step(1)));
  fe.fail_append(fe.appends() + 1, ENOSPC, true);
  const status st = db->commit(step(2));
  CHECK(st.code() == status_code::io_error);
  CHECK_THAT(st.message(), Catch::Contains("No space left on device"));
  CHECK(db->commit(step(3)).code() == status_code::failed);
  CHECK_FALSE(db->health().ok);
  db.reset();
  auto again = must_open(fast_options(d.path()));
  CHECK(again->last_sequence() == 1);  // the half-written record was a torn tail
}

TEST_CASE("a failed snapshot write fails the store and leaves the old files", "[store][fault]") {
  temp_dir d;
  fault_env fe;
  auto db = must_open(fast_options(d.path(), &fe));
  for (int i = 1; i <= 5; ++i) REQUIRE(db->commit(step(i)));
  REQUIRE(db->snapshot_now());
  for (int i = 6; i <= 8; ++i) REQUIRE(db->commit(step(i)));
  fe.on_append([&](const std::string& p) {
    if (p.ends_with(".json.tmp")) fe.fail_append(fe.appends() + 1, ENOSPC, true);
  });
  const status st = db->snapshot_now();
  CHECK(st.code() == status_code::failed);  // never reported as done (seald/nedb #28)
  CHECK(db->commit(step(9)).code() == status_code::failed);
  fe.on_append(nullptr);
  db.reset();
  auto again = must_open(fast_options(d.path()));
  CHECK(again->last_sequence() == 8);
}

TEST_CASE("a real file-size limit (EFBIG) fails the store closed", "[store][fault]") {
  temp_dir d;
  std::signal(SIGXFSZ, SIG_IGN);
  rlimit old{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  auto o = fast_options(d.path());
  o.snapshot_min_bytes = 1u << 30;
  int acked = 0;
  status first_failure;
  {
    auto db = must_open(o);
    rlimit small = old;
    small.rlim_cur = 4096;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    for (int i = 1; i <= 100; ++i) {
      const status st = db->commit(step(i));
      if (!st) {
        first_failure = st;
        break;
      }
      acked = i;
    }
    CHECK(db->commit(step(1000)).code() == status_code::failed);
    CHECK_FALSE(db->health().ok);
  }
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &old) == 0);
  CHECK(first_failure.code() == status_code::io_error);
  CHECK_THAT(first_failure.message(), Catch::Contains("File too large"));
  CHECK(acked > 5);
  auto db = must_open(o);
  CHECK(db->last_sequence() == static_cast<std::uint64_t>(acked));
}

TEST_CASE("records recovered from the page cache are made durable before new commits", "[store][fault]") {
  // A commit whose write reached the page cache but whose fdatasync never finished (the
  // process died, here: the sync failed) is replayed by the next open. If that open then
  // acknowledged new commits in a new segment without syncing the old one, a power cut
  // could drop the replayed record and keep the newer one: a gap that refuses to open.
  temp_dir d;
  fault_env fe;
  fe.fail_sync(2, EIO);  // sync 1 is the new segment's header; sync 2 is the first commit's
  {
    auto a = json_file_store::open(fast_options(d.path(), &fe));
    REQUIRE(a.st);
    CHECK_FALSE(a.store->commit(step(1)));  // written, never synced, not acknowledged
    a.store->close();
  }
  {
    auto opts = fast_options(d.path(), &fe);
    opts.snapshot_on_close = false;  // the power goes before any snapshot could save us
    auto b = json_file_store::open(opts);
    REQUIRE(b.st);
    REQUIRE(b.store->get("meta", "last") == json(1));  // replayed from the page cache
    REQUIRE(b.store->commit(step(2)));                  // acknowledged: must survive
  }
  fe.power_cut(d.path().string(), false);

  auto c = json_file_store::open(fast_options(d.path()));
  INFO(c.st.to_string());
  REQUIRE(c.st);
  CHECK(c.store->get("meta", "last") == json(2));
  CHECK(c.store->get("c", "k1"));
}
