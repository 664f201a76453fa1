#include "store/recovery.hpp"

#include "store/layout.hpp"
#include "store_test_util.hpp"

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;
using nlohmann::json;

namespace {

options no_close_snapshot(const temp_dir& d) {
  options o = fast_options(d.path());
  o.snapshot_on_close = false;
  return o;
}

void flip_byte_in_middle(const std::filesystem::path& p) {
  std::string s = read_file(p);
  s[s.size() / 2] ^= 0x04;
  write_file(p, s);
}

// Commits 1..n to the store, each putting k<i>, and erasing k<i-2> from i = 3 on.
void commit_range(json_file_store& db, int from, int to) {
  for (int i = from; i <= to; ++i) {
    transaction t;
    t.put("c", "k" + std::to_string(i), i);
    if (i >= 3) t.erase("c", "k" + std::to_string(i - 2));
    REQUIRE(db.commit(std::move(t)));
  }
}

void check_state(json_file_store& db, int last) {
  CHECK(db.last_sequence() == static_cast<std::uint64_t>(last));
  CHECK(db.count("c") == static_cast<std::size_t>(std::min(last, 2)));
  CHECK(db.get("c", "k" + std::to_string(last)).value() == last);
  if (last >= 3) CHECK_FALSE(db.get("c", "k" + std::to_string(last - 2)));
}

}  // namespace

TEST_CASE("state comes back from the snapshot plus the journal after it", "[store][recovery]") {
  temp_dir d;
  {
    auto db = must_open(no_close_snapshot(d));
    commit_range(*db, 1, 10);
    REQUIRE(db->snapshot_now());
    commit_range(*db, 11, 15);
  }
  CHECK(std::filesystem::exists(d / snapshot_file_name(10)));
  auto db = must_open(no_close_snapshot(d));
  check_state(*db, 15);
  dir_contents c;
  REQUIRE(load_dir(default_env(), d.path().string(), {}, nullptr, c));
  CHECK(c.snapshot == snapshot_file_name(10));
}

TEST_CASE("unfinished temp files are removed at open", "[store][recovery]") {
  temp_dir d;
  {
    auto db = must_open(no_close_snapshot(d));
    commit_range(*db, 1, 3);
  }
  write_file(d / (snapshot_file_name(3) + ".tmp"), R"({"format":1,"seq":3,"cou)");
  auto db = must_open(no_close_snapshot(d));
  check_state(*db, 3);
  CHECK_FALSE(std::filesystem::exists(d / (snapshot_file_name(3) + ".tmp")));
}

TEST_CASE("a newest snapshot that fails its checks falls back to the previous one", "[store][recovery]") {
  temp_dir d;
  {
    auto db = must_open(no_close_snapshot(d));
    commit_range(*db, 1, 4);
    REQUIRE(db->snapshot_now());
    commit_range(*db, 5, 8);
    REQUIRE(db->snapshot_now());
    commit_range(*db, 9, 10);
  }
  flip_byte_in_middle(d / snapshot_file_name(8));
  auto db = must_open(no_close_snapshot(d));
  check_state(*db, 10);
  CHECK(std::filesystem::exists(d / ("corrupt-" + snapshot_file_name(8))));
  CHECK_FALSE(std::filesystem::exists(d / snapshot_file_name(8)));
}

TEST_CASE("a bad snapshot with no older data to replace it refuses to open", "[store][recovery]") {
  temp_dir d;
  {
    auto db = must_open(no_close_snapshot(d));
    commit_range(*db, 1, 3);
    REQUIRE(db->snapshot_now());
    commit_range(*db, 4, 5);
  }
  flip_byte_in_middle(d / snapshot_file_name(3));
  SECTION("the journal still covers it") {
    auto db = must_open(no_close_snapshot(d));
    check_state(*db, 5);
  }
  SECTION("the journal does not") {
    std::filesystem::remove(d / journal_file_name(1));
    const auto before = read_file(d / snapshot_file_name(3));
    auto r = json_file_store::open(no_close_snapshot(d));
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains(journal_file_name(4)));
    CHECK(read_file(d / snapshot_file_name(3)) == before);  // never an empty store over it
  }
  SECTION("only a snapshot, no journal at all") {
    for (const auto& j : files_with_prefix(d.path(), "journal-")) std::filesystem::remove(d / j);
    auto r = json_file_store::open(no_close_snapshot(d));
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains(snapshot_file_name(3)));
  }
}

TEST_CASE("a snapshot of a newer format refuses to open", "[store][recovery]") {
  temp_dir d;
  write_file(d / snapshot_file_name(7), R"({"format":9,"seq":7,"count":0})" "\n" R"({"end":true,"count":0,"crc":"00000000"})" "\n");
  auto r = json_file_store::open(no_close_snapshot(d));
  CHECK(r.st.code() == status_code::version_mismatch);
  CHECK_THAT(r.st.message(), Catch::Contains(snapshot_file_name(7) + " at offset 0: written by format 9"));
}

TEST_CASE("sequence numbers continue after every kind of reopen", "[store][recovery]") {
  temp_dir d;
  for (int round = 0; round < 4; ++round) {
    options o = no_close_snapshot(d);
    o.snapshot_on_close = round % 2 == 0;
    auto db = must_open(o);
    if (round == 0) CHECK(db->last_sequence() == 0);
    else check_state(*db, round * 3);
    commit_range(*db, round * 3 + 1, round * 3 + 3);
    check_state(*db, round * 3 + 3);
  }
}
