#include "store/json_file_store.hpp"

#include "fault_env.hpp"
#include "store/layout.hpp"
#include "store_test_util.hpp"

#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <thread>

#if defined(__has_include)
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif
#endif

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;
using nlohmann::json;

TEST_CASE("put, get, scan, keys, count and erase, across a reopen", "[store]") {
  temp_dir d;
  {
    auto db = must_open(fast_options(d.path()));
    CHECK(db->last_sequence() == 0);
    transaction t;
    t.put("people", "u1", {{"name", "Ada"}});
    t.put("people", "u2", {{"name", "Brian"}});
    t.put("people", "x9", {{"name", "Zed"}});
    t.put("outbox", "m1", {{"to", "u1"}});
    REQUIRE(db->commit(std::move(t)));
    CHECK(db->last_sequence() == 1);
    transaction t2;
    t2.erase("outbox", "m1");
    t2.put("people", "u2", {{"name", "Bo"}});
    REQUIRE(db->commit(std::move(t2)));
    CHECK(db->get("people", "u2").value() == json{{"name", "Bo"}});
    CHECK_FALSE(db->get("outbox", "m1"));
    CHECK(db->count("people") == 3);
    CHECK(db->count("outbox") == 0);
    auto u = db->scan("people", "u");
    REQUIRE(u.size() == 2);
    CHECK(u[0].first == "u1");
    CHECK(u[1].second == json{{"name", "Bo"}});
    CHECK(db->scan("people").size() == 3);
    CHECK(db->keys("people", "u") == std::vector<std::string>{"u1", "u2"});
    CHECK(db->keys("people") == std::vector<std::string>{"u1", "u2", "x9"});
    CHECK(db->keys("outbox").empty());
    CHECK(db->keys("nothing here").empty());
  }
  auto db = must_open(fast_options(d.path()));
  CHECK(db->last_sequence() == 2);
  CHECK(db->get("people", "u1").value() == json{{"name", "Ada"}});
  CHECK(db->get("people", "u2").value() == json{{"name", "Bo"}});
  CHECK(db->count("outbox") == 0);
}

TEST_CASE("empty and invalid transactions complete at once without a record", "[store]") {
  temp_dir d;
  auto db = must_open(fast_options(d.path()));
  CHECK(db->commit(transaction{}).is_ok());
  transaction bad;
  bad.put("", "k", 1);
  CHECK(db->commit(std::move(bad)).code() == status_code::invalid_argument);
  CHECK(db->last_sequence() == 0);
  CHECK(db->health().ok);
}

TEST_CASE("the directory is 0700 and its files 0600", "[store]") {
  temp_dir d;
  const auto dir = d / "data";
  {
    auto db = must_open(fast_options(dir));
    REQUIRE(db->commit(put_txn("c", "k", 1)));
  }
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    REQUIRE(::stat(e.path().c_str(), &st) == 0);
    INFO(e.path());
    CHECK((st.st_mode & 0777) == 0600);
  }
  CHECK(std::filesystem::exists(dir / "LOCK"));  // and it stays after close
}

TEST_CASE("concurrent commits share writes and syncs, and all land", "[store]") {
  temp_dir d;
  fault_env fe;
  // A slow disk: each sync takes 2 ms, so commits pile up behind it and get grouped.
  fe.on_sync([](const std::string&) { std::this_thread::sleep_for(std::chrono::milliseconds(2)); });
  constexpr int threads = 16, per_thread = 25;
  {
    auto db = must_open(fast_options(d.path(), &fe));
    std::vector<std::thread> workers;
    std::atomic<int> failures{0};
    for (int t = 0; t < threads; ++t)
      workers.emplace_back([&, t] {
        for (int i = 0; i < per_thread; ++i) {
          transaction txn;
          txn.put("a", std::to_string(t) + "-" + std::to_string(i), i);
          txn.put("b", std::to_string(t) + "-" + std::to_string(i), t);
          if (!db->commit(std::move(txn))) ++failures;
        }
      });
    for (auto& w : workers) w.join();
    CHECK(failures == 0);
    const auto s = db->stats();
    CHECK(s.commits == threads * per_thread);
    CHECK(db->last_sequence() == threads * per_thread);
    CHECK(s.groups < s.commits / 2);  // grouped: far fewer writes than commits
    CHECK(s.syncs == s.groups);       // one sync per group in sync=always
  }
  auto db = must_open(fast_options(d.path()));
  CHECK(db->count("a") == threads * per_thread);
  CHECK(db->count("b") == threads * per_thread);
}

TEST_CASE("readers never see a commit before it is durable", "[store]") {
  temp_dir d;
  fault_env fe;
  std::promise<void> syncing, release;
  auto release_future = release.get_future().share();
  std::atomic<bool> armed{false};
  fe.on_sync([&](const std::string& path) {
    if (armed.exchange(false) && path.find("journal-") != std::string::npos) {
      syncing.set_value();
      release_future.wait();
    }
  });
  auto db = must_open(fast_options(d.path(), &fe));
  armed = true;
  std::promise<status> done;
  db->commit_async(put_txn("c", "k", 1), [&](status st) { done.set_value(st); });
  syncing.get_future().wait();  // written, sync in progress
  CHECK_FALSE(db->get("c", "k").has_value());
  CHECK(db->count("c") == 0);
  CHECK(db->last_sequence() == 0);
  release.set_value();
  CHECK(done.get_future().get().is_ok());
  CHECK(db->get("c", "k").value() == 1);
}

TEST_CASE("commits keep flowing while a snapshot is being written", "[store][snapshot]") {
  temp_dir d;
  fault_env fe;
  std::promise<void> in_snapshot, release;
  auto release_future = release.get_future().share();
  std::atomic<bool> armed{true};
  fe.on_append([&](const std::string& path) {
    if (path.ends_with(".json.tmp") && armed.exchange(false)) {
      in_snapshot.set_value();
      release_future.wait();
    }
  });
  auto db = must_open(fast_options(d.path(), &fe));
  for (int i = 0; i < 50; ++i) REQUIRE(db->commit(put_txn("c", "k" + std::to_string(i), i)));
  auto snap = std::async(std::launch::async, [&] { return db->snapshot_now(); });
  in_snapshot.get_future().wait();  // the snapshot thread is stuck in its first write
  for (int i = 50; i < 100; ++i) REQUIRE(db->commit(put_txn("c", "k" + std::to_string(i), i)));
  transaction change;
  change.erase("c", "k0");
  change.put("c", "k1", "updated");
  REQUIRE(db->commit(std::move(change)));
  CHECK(db->count("c") == 99);
  CHECK(db->get("c", "k1").value() == "updated");
  CHECK(db->get("c", "k99").value() == 99);
  release.set_value();
  REQUIRE(snap.get().is_ok());
  CHECK(db->stats().snapshots == 1);
  CHECK(std::filesystem::exists(d / snapshot_file_name(50)));
  CHECK(db->count("c") == 99);
  CHECK(db->get("c", "k1").value() == "updated");
  db.reset();
  auto again = must_open(fast_options(d.path()));
  CHECK(again->last_sequence() == 101);
  CHECK(again->count("c") == 99);
  CHECK_FALSE(again->get("c", "k0"));
}

TEST_CASE("snapshots start by themselves past the journal threshold", "[store][snapshot]") {
  temp_dir d;
  auto o = fast_options(d.path());
  o.snapshot_min_bytes = 16 * 1024;
  o.snapshot_on_close = false;
  {
    auto db = must_open(o);
    for (int i = 0; i < 400; ++i) REQUIRE(db->commit(put_txn("c", "k" + std::to_string(i % 50), std::string(100, 'x'))));
    REQUIRE(db->close());
    CHECK(db->stats().snapshots >= 1);
  }
  // Old generations are cleaned up: at most two snapshots remain.
  CHECK(files_with_prefix(d.path(), "snapshot-").size() <= 2);
  CHECK_FALSE(files_with_prefix(d.path(), "snapshot-").empty());
  auto db = must_open(o);
  CHECK(db->last_sequence() == 400);
  CHECK(db->count("c") == 50);
}

TEST_CASE("close writes a snapshot and later commits are refused", "[store]") {
  temp_dir d;
  auto db = must_open(fast_options(d.path()));
  REQUIRE(db->commit(put_txn("c", "k", 1)));
  REQUIRE(db->close());
  CHECK(db->close().is_ok());  // twice is fine
  CHECK(std::filesystem::exists(d / snapshot_file_name(1)));
  CHECK(db->commit(put_txn("c", "k", 2)).code() == status_code::closed);
  CHECK(db->get("c", "k").value() == 1);
  auto again = must_open(fast_options(d.path()));  // the lock was released by close()
  CHECK(again->get("c", "k").value() == 1);
}

TEST_CASE("a failed sync fails the store closed, without retrying", "[store][failure]") {
  temp_dir d;
  fault_env fe;
  auto db = must_open(fast_options(d.path(), &fe));
  REQUIRE(db->commit(put_txn("c", "a", 1)));
  fe.fail_sync(fe.syncs() + 1, EIO);
  const auto st = db->commit(put_txn("c", "b", 2));
  CHECK(st.code() == status_code::io_error);
  CHECK_THAT(st.message(), Catch::Contains("Input/output error"));
  CHECK_FALSE(db->health().ok);
  CHECK_THAT(db->health().reason, Catch::Contains("fdatasync"));
  const auto later = db->commit(put_txn("c", "c", 3));
  CHECK(later.code() == status_code::failed);
  CHECK_FALSE(db->get("c", "b").has_value());  // never acknowledged, never visible
  CHECK(db->get("c", "a").value() == 1);
  const auto syncs = fe.syncs();
  CHECK_FALSE(db->close());
  CHECK(fe.syncs() == syncs);
  CHECK(fe.syncs_after_failed_sync() == 0);
  db.reset();
  auto again = must_open(fast_options(d.path()));
  CHECK(again->get("c", "a").value() == 1);
}

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
TEST_CASE("memory holds documents in at most twice their size on disk", "[store][memory]") {
  temp_dir d;
  auto o = fast_options(d.path());
  o.sync = sync_mode::never;
  constexpr int docs = 200000;
  const auto before = mallinfo2().uordblks;
  {
    auto db = must_open(o);
    for (int base = 0; base < docs; base += 5000) {
      transaction t;
      for (int i = base; i < base + 5000; ++i)
        t.put("docs", "doc-" + std::to_string(i),
              {{"id", i}, {"title", "a document of about two hundred bytes"}, {"body", std::string(120, 'x')}});
      REQUIRE(db->commit(std::move(t)));
    }
    REQUIRE(db->close());  // leaves one snapshot: the JSON on disk
  }
  const auto on_disk = std::filesystem::file_size(d / snapshot_file_name(docs / 5000));
  std::size_t held = 0;
  {
    auto db = must_open(o);
    held = mallinfo2().uordblks - before;
    CHECK(db->count("docs") == docs);
  }
  INFO("heap " << held << " bytes for " << on_disk << " bytes on disk");
  CHECK(held <= 2 * on_disk);
}
#endif

TEST_CASE("interval mode acknowledges before syncing and syncs within the interval", "[store]") {
  temp_dir d;
  fault_env fe;
  auto o = fast_options(d.path(), &fe);
  o.sync = sync_mode::interval;
  o.sync_interval = std::chrono::milliseconds(100);
  o.snapshot_on_close = false;
  auto db = must_open(o);
  for (int i = 0; i < 20; ++i) REQUIRE(db->commit(put_txn("c", "k" + std::to_string(i), i)));
  const auto early = db->stats();
  CHECK(early.syncs < early.groups);  // acknowledged without a sync each
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(db->stats().syncs >= 1);
  // Synced by now: a power cut loses nothing.
  fe.power_cut(d.path().string(), true);
  db.reset();
  auto again = must_open(fast_options(d.path()));
  CHECK(again->count("c") == 20);
}
