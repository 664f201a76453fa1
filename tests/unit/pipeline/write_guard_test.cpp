#include "pipeline/write_guard.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;

namespace {

store::transaction put(const std::string& collection, const std::string& key) {
  store::transaction t;
  t.put(collection, key, {{"v", 1}});
  return t;
}

}  // namespace

TEST_CASE("write_guard lets attempts that touch different records commit side by side") {
  test::memory_store db;
  pipeline::write_guard guard;
  const auto a = guard.enter();
  const auto b = guard.enter();
  pipeline::tracked_reads reads_a(db), reads_b(db);
  reads_a.get("plans", "s/p1");
  reads_b.get("plans", "s/p2");
  int retries = 0;
  CHECK(guard.try_commit(a, reads_a, put("plans", "s/p1"), [&] { ++retries; }));
  CHECK(guard.try_commit(b, reads_b, put("plans", "s/p2"), [&] { ++retries; }));
  guard.finish(a, put("plans", "s/p1"));
  guard.finish(b, put("plans", "s/p2"));
  CHECK(retries == 0);
  CHECK(guard.in_flight() == 0);
}

TEST_CASE("write_guard makes a reader of a record being written wait for that commit, then retry") {
  test::memory_store db;
  pipeline::write_guard guard;
  const auto writer = guard.enter();
  const auto reader = guard.enter();
  pipeline::tracked_reads writer_reads(db), reader_reads(db);
  writer_reads.get("plans", "s/p1");
  reader_reads.get("plans", "s/p1");
  REQUIRE(guard.try_commit(writer, writer_reads, put("plans", "s/p1"), [] { FAIL("writer must not retry"); }));
  int retries = 0;
  CHECK_FALSE(guard.try_commit(reader, reader_reads, put("plans", "s/p1"), [&] { ++retries; }));
  CHECK(retries == 0);  // still waiting: the write is not durable yet
  guard.finish(writer, put("plans", "s/p1"));
  CHECK(retries == 1);
}

TEST_CASE("write_guard retries at once a reader whose record changed after it started") {
  test::memory_store db;
  pipeline::write_guard guard;
  const auto reader = guard.enter();
  pipeline::tracked_reads reader_reads(db);
  reader_reads.get("plans", "s/p1");

  const auto writer = guard.enter();
  pipeline::tracked_reads writer_reads(db);
  REQUIRE(guard.try_commit(writer, writer_reads, put("plans", "s/p1"), [] {}));
  guard.finish(writer, put("plans", "s/p1"));

  int retries = 0;
  CHECK_FALSE(guard.try_commit(reader, reader_reads, put("sessions", "s/x"), [&] { ++retries; }));
  CHECK(retries == 1);
}

TEST_CASE("write_guard sees writes under a prefix that an attempt scanned") {
  test::memory_store db;
  pipeline::write_guard guard;
  const auto lister = guard.enter();
  pipeline::tracked_reads lister_reads(db);
  lister_reads.scan("plans", "s/");

  const auto writer = guard.enter();
  pipeline::tracked_reads writer_reads(db);
  REQUIRE(guard.try_commit(writer, writer_reads, put("plans", "s/new"), [] {}));
  int retries = 0;
  CHECK_FALSE(guard.try_commit(lister, lister_reads, put("sessions", "s/x"), [&] { ++retries; }));
  guard.finish(writer, put("plans", "s/new"));
  CHECK(retries == 1);

  // Another tenant's writes are not under the prefix.
  const auto other = guard.enter();
  pipeline::tracked_reads other_reads(db);
  other_reads.scan("plans", "t/");
  CHECK(guard.try_commit(other, other_reads, put("plans", "t/a"), [] { FAIL("no conflict expected"); }));
  guard.finish(other, put("plans", "t/a"));
}

TEST_CASE("write_guard does not hold a failed commit against later attempts forever") {
  test::memory_store db;
  pipeline::write_guard guard;
  const auto a = guard.enter();
  pipeline::tracked_reads reads(db);
  REQUIRE(guard.try_commit(a, reads, put("plans", "s/p1"), [] {}));
  guard.finish(a, put("plans", "s/p1"));  // durable or failed: either way it is over
  const auto b = guard.enter();            // starts after: sees the write as old
  pipeline::tracked_reads later(db);
  later.get("plans", "s/p1");
  CHECK(guard.try_commit(b, later, put("plans", "s/p1"), [] { FAIL("no conflict expected"); }));
  guard.finish(b, put("plans", "s/p1"));
  CHECK(guard.in_flight() == 0);
}
