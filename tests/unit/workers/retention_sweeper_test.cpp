// The retention sweep with a manual clock: dedupe keys older than the window are erased and
// younger ones kept, a key without a time is stamped (so it expires one window later),
// sessions past their idle timeout plus grace are erased, every transaction stays within
// the batch, a backlog larger than a round continues next round, and rounds run only when due.
#include "core/keys.hpp"
#include "support/memory_store.hpp"
#include "workers/retention_sweeper.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;

namespace {

constexpr long long retention_start_ms = 1'800'000'000'000;
constexpr long long retention_hour_ms = 60LL * 60 * 1000;

struct retention_fixture {
  retention_fixture() {
    opts.dedupe_retention_ms = 24 * retention_hour_ms;
    opts.session_idle_ms = retention_hour_ms;
    opts.expired_session_grace_ms = 2 * retention_hour_ms;
    opts.batch = 7;
    opts.batches_per_round = 3;
    opts.every_ms = 60'000;
  }
  void dedupe(const std::string& id, nlohmann::json value) {
    store::transaction t;
    t.put(std::string(core::collections::dedupe), core::tenant_key("school", "slack/" + id), std::move(value));
    REQUIRE(db.commit(std::move(t)));
  }
  void session(const std::string& who, long long updated_ms) {
    store::transaction t;
    t.put(std::string(core::collections::sessions), core::tenant_key("school", "slack/C1/" + who),
          {{"flow", "plan"}, {"step", "title"}, {"started_ms", updated_ms}, {"updated_ms", updated_ms}});
    REQUIRE(db.commit(std::move(t)));
  }
  bool has_dedupe(const std::string& id) const {
    return db.get(core::collections::dedupe, core::tenant_key("school", "slack/" + id)).has_value();
  }
  bool has_session(const std::string& who) const {
    return db.get(core::collections::sessions, core::tenant_key("school", "slack/C1/" + who)).has_value();
  }

  test::memory_store db;
  core::manual_clock clock{core::from_epoch_ms(retention_start_ms)};
  workers::retention_options opts;
};

}  // namespace

TEST_CASE("retention sweep erases dedupe keys older than the window and keeps younger ones", "[workers][retention]") {
  retention_fixture f;
  const long long now = retention_start_ms;
  f.dedupe("old", {{"at_ms", now - 25 * retention_hour_ms}});
  f.dedupe("just-over", {{"at_ms", now - 24 * retention_hour_ms - 1}});
  f.dedupe("just-under", {{"at_ms", now - 24 * retention_hour_ms + 1}});
  f.dedupe("fresh", {{"at_ms", now - 1000}});
  workers::retention_sweeper sweeper(f.db, f.clock, f.opts);
  const auto r = sweeper.sweep();
  CHECK(r.dedupe_erased == 2);
  CHECK(r.sessions_erased == 0);
  CHECK_FALSE(r.more);
  CHECK_FALSE(f.has_dedupe("old"));
  CHECK_FALSE(f.has_dedupe("just-over"));
  CHECK(f.has_dedupe("just-under"));
  CHECK(f.has_dedupe("fresh"));
}

TEST_CASE("retention sweep gives a dedupe key without a time one window from when it is first seen", "[workers][retention]") {
  retention_fixture f;
  f.dedupe("no-time", nlohmann::json::object());
  f.dedupe("bad-time", {{"at_ms", "yesterday"}});
  workers::retention_sweeper sweeper(f.db, f.clock, f.opts);
  auto r = sweeper.sweep();
  CHECK(r.stamped == 2);
  CHECK(r.dedupe_erased == 0);
  REQUIRE(f.has_dedupe("no-time"));
  CHECK(f.db.get(core::collections::dedupe, "school/slack/no-time")->at("at_ms") == retention_start_ms);

  f.clock.advance(std::chrono::hours(23));
  CHECK(sweeper.sweep().dedupe_erased == 0);
  f.clock.advance(std::chrono::hours(2));
  r = sweeper.sweep();
  CHECK(r.dedupe_erased == 2);
  CHECK_FALSE(f.has_dedupe("no-time"));
  CHECK_FALSE(f.has_dedupe("bad-time"));
}

TEST_CASE("retention sweep erases sessions idle past their timeout and grace", "[workers][retention]") {
  retention_fixture f;
  const long long now = retention_start_ms;
  f.session("gone", now - 3 * retention_hour_ms - 1);          // idle 1 h + grace 2 h, and then some
  f.session("timed-out", now - 2 * retention_hour_ms);         // past idle, inside the grace: kept to explain
  f.session("active", now - 60'000);
  workers::retention_sweeper sweeper(f.db, f.clock, f.opts);
  const auto r = sweeper.sweep();
  CHECK(r.sessions_erased == 1);
  CHECK_FALSE(f.has_session("gone"));
  CHECK(f.has_session("timed-out"));
  CHECK(f.has_session("active"));

  f.clock.advance(std::chrono::hours(1) + std::chrono::milliseconds(1));
  CHECK(sweeper.sweep().sessions_erased == 1);
  CHECK_FALSE(f.has_session("timed-out"));
  CHECK(f.has_session("active"));
}

TEST_CASE("retention sweep commits in bounded batches and carries a backlog to the next round", "[workers][retention]") {
  retention_fixture f;
  const long long old = retention_start_ms - 48 * retention_hour_ms;
  for (int i = 0; i < 30; ++i) f.dedupe("d" + std::to_string(100 + i), {{"at_ms", old}});
  for (int i = 0; i < 5; ++i) f.session("u" + std::to_string(i), old);
  f.dedupe("keep", {{"at_ms", retention_start_ms}});
  const int commits_before = f.db.commits;
  f.db.largest_commit = 0;

  workers::retention_sweeper sweeper(f.db, f.clock, f.opts);  // 7 a transaction, 3 a round
  auto first = sweeper.sweep_if_due();
  REQUIRE(first);
  CHECK(first->transactions == 3);
  CHECK(first->dedupe_erased == 21);
  CHECK(first->more);
  CHECK(f.db.largest_commit <= 7);
  // Work left over: the next round runs at once, without waiting for every_ms.
  auto second = sweeper.sweep_if_due();
  REQUIRE(second);
  CHECK(second->dedupe_erased == 9);
  CHECK(second->sessions_erased == 5);
  CHECK_FALSE(second->more);
  CHECK(f.db.largest_commit <= 7);
  CHECK(f.db.commits - commits_before == 3 + 2);
  CHECK(f.db.count(core::collections::dedupe) == 1);
  CHECK(f.db.count(core::collections::sessions) == 0);
  // Nothing left over: the next round waits for every_ms by the clock.
  CHECK_FALSE(sweeper.sweep_if_due());
  f.clock.advance(std::chrono::seconds(61));
  CHECK(sweeper.sweep_if_due());
}

TEST_CASE("retention sweep keeps going after a failed commit on a later round", "[workers][retention]") {
  retention_fixture f;
  f.dedupe("old", {{"at_ms", retention_start_ms - 48 * retention_hour_ms}});
  workers::retention_sweeper sweeper(f.db, f.clock, f.opts);
  f.db.fail_commits = true;
  auto r = sweeper.sweep();
  CHECK(r.failed);
  CHECK(r.dedupe_erased == 0);
  f.db.fail_commits = false;
  CHECK(f.has_dedupe("old"));
  CHECK(sweeper.sweep().dedupe_erased == 1);
  CHECK_FALSE(f.has_dedupe("old"));
}
