#include "fault_env.hpp"
#include "store/layout.hpp"
#include "store/recovery.hpp"
#include "store_test_util.hpp"

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;
using nlohmann::json;

namespace {

const std::filesystem::path fixture = std::filesystem::path(COMMONSBOT_SOURCE_DIR) / "tests/unit/store/fixtures/format0";
const char* const fixture_files[] = {"snapshot-00000000000000000003.json", "journal-00000000000000000004.jsonl"};

void copy_fixture(const std::filesystem::path& to) {
  for (const char* f : fixture_files) std::filesystem::copy_file(fixture / f, to / f);
}

void check_fixture_state(json_file_store& db) {
  CHECK(db.last_sequence() == 5);
  CHECK_FALSE(db.get("people", "u1"));
  CHECK(db.get("people", "u2").value() == json{{"name", "Bo"}, {"langs", {"fr", "de"}}});
  CHECK(db.get("people", "u3").value() == json{{"name", "Cy"}});
  CHECK(db.get("rooms", "r1").value() == json{{"cap", 30}});
  CHECK(db.count("people") == 2);
}

}  // namespace

TEST_CASE("a format-0 directory is migrated on open, after a backup", "[store][migration]") {
  temp_dir d;
  copy_fixture(d.path());
  {
    auto db = must_open(fast_options(d.path()));
    check_fixture_state(*db);
    REQUIRE(db->commit(put_txn("people", "u4", {{"name", "Di"}})));
    CHECK(db->last_sequence() == 6);
  }
  // The backup holds the old files byte for byte.
  const auto backups = files_with_prefix(d.path(), "backup-format0-");
  REQUIRE(backups.size() == 1);
  for (const char* f : fixture_files) CHECK(read_file(d / backups[0] / f) == read_file(fixture / f));
  // Only format-1 files remain, and they say so.
  dir_contents c;
  REQUIRE(load_dir(default_env(), d.path().string(), {}, nullptr, c));
  CHECK(c.format0_files.empty());
  CHECK_FALSE(c.first_fatal());
  for (const auto& f : c.files) CHECK(f.format == 1);
  CHECK(json::parse(read_file(d / snapshot_file_name(5)).substr(0, read_file(d / snapshot_file_name(5)).find('\n')))["format"] == 1);

  auto db = must_open(fast_options(d.path()));
  CHECK(db->last_sequence() == 6);
  CHECK(db->get("people", "u4").value() == json{{"name", "Di"}});
  CHECK(files_with_prefix(d.path(), "backup-format0-").size() == 1);  // migrated once only
}

TEST_CASE("a crash at any step of the migration loses nothing", "[store][migration][fault]") {
  // Count the file operations of one clean migration, then cut the power at each.
  std::uint64_t total = 0;
  {
    temp_dir d;
    copy_fixture(d.path());
    fault_env fe;
    options o = fast_options(d.path(), &fe);
    o.snapshot_on_close = false;
    auto db = must_open(o);
    total = fe.mutating_calls();
  }
  REQUIRE(total > 5);
  for (std::uint64_t n = 1; n <= total; ++n) {
    for (bool zero_fill : {false, true}) {
      temp_dir d;
      copy_fixture(d.path());
      fault_env fe;
      fe.crash_at(n);
      options o = fast_options(d.path(), &fe);
      o.snapshot_on_close = false;
      {
        auto r = json_file_store::open(o);
        INFO("crash at call " << n << ": " << r.st.to_string());
        CHECK_FALSE(r.st.is_ok());
      }
      fe.power_cut(d.path().string(), zero_fill);
      INFO("crash at call " << n << (zero_fill ? " (zero fill)" : ""));
      auto db = must_open(fast_options(d.path()));
      check_fixture_state(*db);
    }
  }
}
