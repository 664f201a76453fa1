#include "store/tools.hpp"

#include "store/layout.hpp"
#include "store_test_util.hpp"

#include <atomic>
#include <thread>

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;
using nlohmann::json;

namespace {

// A store with a snapshot at 5 and journal records 6..9, closed without a final snapshot.
void make_store(const std::filesystem::path& dir) {
  options o = fast_options(dir);
  o.snapshot_on_close = false;
  auto db = must_open(o);
  for (int i = 1; i <= 9; ++i) {
    transaction t;
    t.put("people", "u" + std::to_string(i), {{"n", i}, {"name", "Grüße"}});
    t.put("counters", "last", i);
    REQUIRE(db->commit(std::move(t)));
    if (i == 5) REQUIRE(db->snapshot_now());
  }
}

std::map<std::string, std::string> snapshot_of_dir(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.is_regular_file()) files[e.path().filename().string()] = read_file(e.path());
  return files;
}

std::filesystem::path newest_journal(const std::filesystem::path& dir) {
  auto js = files_with_prefix(dir, "journal-");
  REQUIRE(!js.empty());
  // The newest segment may be empty (only a header); records 6..9 are in journal-6.
  return dir / journal_file_name(6);
}

}  // namespace

TEST_CASE("verify reports files and records of a healthy directory", "[store][tools]") {
  temp_dir d;
  make_store(d.path());
  verify_report r;
  REQUIRE(verify(d.path().string(), r));
  CHECK(r.ok());
  CHECK(r.last_seq == 9);
  CHECK(r.documents == 10);
  CHECK(r.snapshot == snapshot_file_name(5));
  CHECK(r.problems.empty());
  const std::string text = r.to_text();
  CHECK_THAT(text, Catch::Contains(journal_file_name(6) + "  journal, format 1"));
  CHECK_THAT(text, Catch::Contains("4 records, seq 6..9"));
  CHECK_THAT(text, Catch::Contains("OK: open would recover to seq 9 with 10 documents"));
}

TEST_CASE("verify names file and offset of damage and changes nothing", "[store][tools]") {
  temp_dir d;
  make_store(d.path());
  const auto journal = newest_journal(d.path());
  std::string text = read_file(journal);
  const auto second_record = text.find('\n', text.find('\n') + 1) + 1;  // header, record 6, then 7
  text[second_record + 40] ^= 0x08;
  write_file(journal, text);
  const auto before = snapshot_of_dir(d.path());
  verify_report r;
  const status st = verify(d.path().string(), r);
  CHECK(st.code() == status_code::corruption);
  CHECK_THAT(st.message(), Catch::Contains(journal_file_name(6) + " at offset " + std::to_string(second_record)));
  CHECK_FALSE(r.ok());
  CHECK_THAT(r.to_text(), Catch::Contains("CORRUPTION"));
  CHECK(snapshot_of_dir(d.path()) == before);
}

TEST_CASE("verify calls a torn tail repairable", "[store][tools]") {
  temp_dir d;
  make_store(d.path());
  const auto journal = newest_journal(d.path());
  write_file(journal, read_file(journal) + R"({"c":"1234)");
  verify_report r;
  REQUIRE(verify(d.path().string(), r));
  CHECK(r.ok());
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].type == problem::kind::torn_tail);
  CHECK(r.last_seq == 9);
}

TEST_CASE("repair keeps the longest valid prefix after a backup", "[store][tools]") {
  temp_dir d, b;
  make_store(d.path());
  const auto journal = newest_journal(d.path());
  std::string text = read_file(journal);
  const auto record7 = text.find('\n', text.find('\n') + 1) + 1;
  text[record7 + 40] ^= 0x08;  // record 7 bad, 8 and 9 good: open refuses
  write_file(journal, text);
  REQUIRE(json_file_store::open(fast_options(d.path())).st.code() == status_code::corruption);
  const auto before = snapshot_of_dir(d.path());

  SECTION("refused while the directory is locked") {
    std::unique_ptr<lock_handle> holder;
    REQUIRE(default_env().lock_file((d / "LOCK").string(), holder));
    repair_report rep;
    CHECK(repair(d.path().string(), (b / "backup").string(), rep).code() == status_code::locked);
  }
  SECTION("repaired") {
    repair_report rep;
    REQUIRE(repair(d.path().string(), (b / "backup").string(), rep));
    CHECK(rep.last_seq == 6);
    REQUIRE(rep.truncated.size() == 1);
    CHECK(rep.truncated[0].second == record7);
    CHECK_THAT(rep.to_text(), Catch::Contains("kept seq 1..6"));
    for (const auto& [name, content] : before)
      if (name != "LOCK") CHECK(read_file(b / "backup" / name) == content);
    auto db = must_open(fast_options(d.path()));
    CHECK(db->last_sequence() == 6);
    CHECK(db->get("counters", "last").value() == 6);
    CHECK_FALSE(db->get("people", "u7"));
  }
}

TEST_CASE("export works while a store holds the lock and commits", "[store][tools]") {
  temp_dir d, out;
  make_store(d.path());
  options o = fast_options(d.path());
  o.snapshot_min_bytes = 4096;  // snapshots (and file deletions) happen during the export
  auto db = must_open(o);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 10; !stop; ++i) {
      transaction t;
      t.put("people", "u" + std::to_string(i), {{"n", i}});
      t.put("counters", "last", i);
      if (!db->commit(std::move(t))) break;
    }
  });
  for (int round = 0; round < 20; ++round) {
    export_report rep;
    const std::string path = (out / ("export-" + std::to_string(round) + ".json")).string();
    REQUIRE(export_json(d.path().string(), path, rep));
    const json doc = json::parse(read_file(path));
    // Consistent: the counter and the people agree at the exported seq.
    const auto last = doc["collections"]["counters"]["last"].get<int>();
    CHECK(doc["seq"].get<std::uint64_t>() == rep.seq);
    CHECK(static_cast<std::uint64_t>(last) == rep.seq);
    CHECK(doc["collections"]["people"].size() == static_cast<std::size_t>(last));
    CHECK(doc["collections"]["people"]["u1"]["name"] == "Grüße");
  }
  stop = true;
  writer.join();
  CHECK(db->health().ok);
}

TEST_CASE("import restores an export into an empty directory only", "[store][tools]") {
  temp_dir d, out, fresh;
  make_store(d.path());
  export_report ex;
  const std::string path = (out / "dump.json").string();
  REQUIRE(export_json(d.path().string(), path, ex));
  CHECK(ex.documents == 10);
  CHECK(ex.collections == 2);

  import_report im;
  REQUIRE(import_json(path, (fresh / "data").string(), false, im));
  CHECK(im.seq == 9);
  CHECK(im.documents == 10);
  {
    auto db = must_open(fast_options(fresh / "data"));
    CHECK(db->last_sequence() == 9);
    CHECK(db->get("people", "u3").value() == json{{"n", 3}, {"name", "Grüße"}});
    REQUIRE(db->commit(put_txn("people", "new", 1)));
    CHECK(db->last_sequence() == 10);
  }
  import_report again;
  const status refused = import_json(path, (fresh / "data").string(), false, again);
  CHECK(refused.code() == status_code::invalid_argument);
  CHECK_THAT(refused.message(), Catch::Contains("already holds a store"));

  REQUIRE(import_json(path, (fresh / "data").string(), true, again));
  CHECK_FALSE(again.moved_aside.empty());
  CHECK(std::filesystem::is_directory(again.moved_aside));
  auto db = must_open(fast_options(fresh / "data"));
  CHECK(db->last_sequence() == 9);
  CHECK_FALSE(db->get("people", "new"));

  write_file(out / "newer.json", R"({"format":2,"seq":1,"collections":{}})");
  CHECK(import_json((out / "newer.json").string(), (fresh / "other").string(), false, again).code() ==
        status_code::version_mismatch);
}
