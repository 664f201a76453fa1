// The SQLite peer: the same ~200-byte documents, WAL mode, synchronous=FULL (every commit
// fsynced, as ours are), one transaction per record.
//
// Two ways to drive it from T threads, and the run script reports the faster:
// - per-thread connections with BEGIN IMMEDIATE and a busy timeout (SQLite's own locking);
// - one shared connection behind a mutex (no busy-wait sleeps, but no overlap either).
#include "bench_common.hpp"

#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace commonsbot::bench {
namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

sqlite3* open_db(const std::string& path) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                        nullptr),
        db, "open");
  check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", nullptr, nullptr, nullptr), db, "pragma");
  sqlite3_busy_timeout(db, 60000);
  check(sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, val TEXT NOT NULL)", nullptr,
                     nullptr, nullptr),
        db, "create");
  return db;
}

// One durable transaction holding one record.
void put(sqlite3* db, sqlite3_stmt* stmt, const std::string& key, const std::string& val) {
  check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
  sqlite3_bind_text(stmt, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, val.data(), static_cast<int>(val.size()), SQLITE_TRANSIENT);
  check(sqlite3_step(stmt), db, "insert");
  sqlite3_reset(stmt);
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
}

}  // namespace

void sqlite_preload(const std::string& path, std::uint64_t docs) {
  sqlite3* db = open_db(path);
  sqlite3_stmt* stmt = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO docs (key, val) VALUES (?, ?)", -1, &stmt, nullptr), db, "prepare");
  check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  for (std::uint64_t i = 0; i < docs; ++i) {
    const std::string key = doc_key(i), val = make_doc(i).dump();
    sqlite3_bind_text(stmt, 1, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 2, val.data(), static_cast<int>(val.size()), SQLITE_TRANSIENT);
    check(sqlite3_step(stmt), db, "insert");
    sqlite3_reset(stmt);
  }
  check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
  check(sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr), db, "checkpoint");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

commit_result sqlite_commits(const std::string& path, std::uint64_t preload, int threads, double seconds,
                             bool shared_connection) {
  commit_result r{shared_connection ? "sqlite-shared" : "sqlite", threads, preload, 0, 0};
  std::atomic<std::uint64_t> commits{0};
  std::atomic<bool> stop{false};
  std::mutex shared_mutex;
  sqlite3* shared = shared_connection ? open_db(path) : nullptr;
  sqlite3_stmt* shared_stmt = nullptr;
  if (shared)
    check(sqlite3_prepare_v2(shared, "INSERT OR REPLACE INTO docs (key, val) VALUES (?, ?)", -1, &shared_stmt, nullptr),
          shared, "prepare");
  std::vector<std::thread> workers;
  const auto t0 = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      std::mt19937_64 rng(static_cast<std::uint64_t>(t) * 7919 + 1);
      sqlite3* db = shared ? shared : open_db(path);
      sqlite3_stmt* stmt = shared_stmt;
      if (!shared)
        check(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO docs (key, val) VALUES (?, ?)", -1, &stmt, nullptr), db,
              "prepare");
      while (!stop.load(std::memory_order_relaxed)) {
        const std::uint64_t id = rng() % preload;
        const std::string val = make_doc(id).dump();
        if (shared) {
          std::lock_guard lock(shared_mutex);
          put(db, stmt, doc_key(id), val);
        } else {
          put(db, stmt, doc_key(id), val);
        }
        commits.fetch_add(1, std::memory_order_relaxed);
      }
      if (!shared) {
        sqlite3_finalize(stmt);
        sqlite3_close(db);
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) w.join();
  r.seconds = seconds_since(t0);
  r.commits = commits.load();
  if (shared) {
    sqlite3_finalize(shared_stmt);
    sqlite3_close(shared);
  }
  return r;
}

}  // namespace commonsbot::bench
