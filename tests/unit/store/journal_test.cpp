#include "store/journal.hpp"

#include "store/layout.hpp"
#include "store_test_util.hpp"

#include <nlohmann/json.hpp>

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;
using nlohmann::json;

namespace {

std::string header(std::uint64_t first) {
  return R"({"format":1,"first_seq":)" + std::to_string(first) + R"(,"created":"x"})" + "\n";
}

std::string record(std::uint64_t seq, const std::string& key = "", const std::string& op = "put") {
  const std::string k = key.empty() ? "k" + std::to_string(seq) : key;
  std::string ops = R"([{"op":")" + op + R"(","coll":"c","key":")" + k + R"(","val":{"n":)" + std::to_string(seq) + "}}]";
  std::string line;
  append_record_line(line, seq, "2026-01-01T00:00:00.000Z", ops);
  return line;
}

// A journal holding records first..last, and the offset where each record starts.
std::string journal_text(std::uint64_t first, std::uint64_t last, std::vector<std::size_t>* offsets = nullptr) {
  std::string text = header(first);
  for (std::uint64_t s = first; s <= last; ++s) {
    if (offsets) offsets->push_back(text.size());
    text += record(s);
  }
  return text;
}

options plain(const temp_dir& d) {
  options o = fast_options(d.path());
  o.snapshot_on_close = false;
  return o;
}

}  // namespace

TEST_CASE("scan_segment reads back what journal_writer wrote", "[store][journal]") {
  temp_dir d;
  std::unique_ptr<journal_writer> w;
  REQUIRE(journal_writer::create(default_env(), d.path().string(), 5, w));
  CHECK(w->name() == journal_file_name(5));
  REQUIRE(w->append(record(5) + record(6) + record(7)));
  REQUIRE(w->sync());
  REQUIRE(w->close());
  std::vector<std::uint64_t> seqs;
  segment_scan scan;
  REQUIRE(scan_segment(default_env(), d.path().string(), w->name(), 5, true,
                       [&](decoded_record&& r) { seqs.push_back(r.seq); }, scan));
  CHECK_FALSE(scan.issue);
  CHECK(seqs == std::vector<std::uint64_t>{5, 6, 7});
  CHECK(scan.valid_end == std::filesystem::file_size(d / w->name()));
  // A second segment for the same seq cannot be created over it.
  CHECK_FALSE(journal_writer::create(default_env(), d.path().string(), 5, w));
}

TEST_CASE("truncation at every byte of the last 3 records keeps exactly the written prefix", "[store][journal][recovery]") {
  std::vector<std::size_t> offsets;
  const std::string golden = journal_text(1, 8, &offsets);
  const std::string name = journal_file_name(1);
  std::size_t opened = 0;
  for (std::size_t cut = offsets[5]; cut <= golden.size(); ++cut) {
    temp_dir d;
    write_file(d / name, golden.substr(0, cut));
    // Records whose whole line, '\n' included, lies before the cut.
    std::uint64_t expected = 0;
    std::size_t valid_end = offsets[0];
    for (std::size_t i = 0; i < offsets.size(); ++i) {
      const std::size_t end = i + 1 < offsets.size() ? offsets[i + 1] : golden.size();
      if (end <= cut) {
        expected = i + 1;
        valid_end = end;
      }
    }
    INFO("cut at " << cut);
    {
      auto db = must_open(plain(d));
      CHECK(db->last_sequence() == expected);
      CHECK(db->count("c") == expected);
      if (expected > 0) CHECK(db->get("c", "k" + std::to_string(expected)).value() == json{{"n", expected}});
      CHECK_FALSE(db->get("c", "k" + std::to_string(expected + 1)).has_value());
      CHECK(db->health().ok);
    }
    // Repaired on disk: the torn bytes are gone and a second open finds nothing to cut.
    CHECK(std::filesystem::file_size(d / name) == valid_end);
    auto again = must_open(plain(d));
    CHECK(again->last_sequence() == expected);
    ++opened;
  }
  CHECK(opened == golden.size() - offsets[5] + 1);
}

TEST_CASE("a bad record before the last one refuses to open, naming file and offset", "[store][journal][recovery]") {
  std::vector<std::size_t> offsets;
  const std::string golden = journal_text(1, 6, &offsets);
  const std::string name = journal_file_name(1);
  for (std::size_t k = 0; k + 1 < offsets.size(); ++k) {
    temp_dir d;
    std::string bad = golden;
    bad[offsets[k] + 30] ^= 0x20;  // inside the payload
    write_file(d / name, bad);
    auto r = json_file_store::open(plain(d));
    INFO("record " << k + 1 << ": " << r.st.to_string());
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains(name + " at offset " + std::to_string(offsets[k])));
    CHECK_THAT(r.st.message(), Catch::Contains("checksum mismatch"));
    CHECK(read_file(d / name) == bad);  // refused means untouched
  }
  SECTION("the same damage to the very last record is a torn tail") {
    temp_dir d;
    std::string bad = golden;
    bad[offsets.back() + 30] ^= 0x20;
    write_file(d / name, bad);
    auto db = must_open(plain(d));
    CHECK(db->last_sequence() == 5);
  }
}

TEST_CASE("a zero-filled tail is torn, not corrupt", "[store][journal][recovery]") {
  temp_dir d;
  const std::string good = journal_text(1, 4);
  write_file(d / journal_file_name(1), good + std::string(4096, '\0'));
  auto db = must_open(plain(d));
  CHECK(db->last_sequence() == 4);
  CHECK(std::filesystem::file_size(d / journal_file_name(1)) == good.size());
}

TEST_CASE("damage in a journal that is not the newest refuses to open", "[store][journal][recovery]") {
  temp_dir d;
  write_file(d / journal_file_name(1), journal_text(1, 3) + R"({"c":"0000)");  // torn, but not last
  write_file(d / journal_file_name(4), journal_text(4, 5));
  auto r = json_file_store::open(plain(d));
  CHECK(r.st.code() == status_code::corruption);
  CHECK_THAT(r.st.message(), Catch::Contains(journal_file_name(1)));
}

TEST_CASE("sequence gaps and duplicates refuse to open", "[store][journal][recovery]") {
  const std::string name = journal_file_name(1);
  SECTION("gap inside a segment") {
    temp_dir d;
    write_file(d / name, header(1) + record(1) + record(2) + record(4) + record(5));
    auto r = json_file_store::open(plain(d));
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains("record seq 4 where 3 was expected (gap)"));
  }
  SECTION("duplicate, even as the last line") {
    temp_dir d;
    write_file(d / name, header(1) + record(1) + record(2) + record(2));
    auto r = json_file_store::open(plain(d));
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains("(duplicate)"));
  }
  SECTION("gap between segments") {
    temp_dir d;
    write_file(d / name, journal_text(1, 3));
    write_file(d / journal_file_name(5), journal_text(5, 6));
    auto r = json_file_store::open(plain(d));
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains(journal_file_name(5) + " at offset 0: segment starts at seq 5"));
  }
  SECTION("journal that starts after 1 with no snapshot") {
    temp_dir d;
    write_file(d / journal_file_name(3), journal_text(3, 4));
    auto r = json_file_store::open(plain(d));
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains("no valid snapshot"));
  }
}

TEST_CASE("unknown formats and ops refuse to open", "[store][journal][recovery]") {
  const std::string name = journal_file_name(1);
  SECTION("a newer journal format") {
    temp_dir d;
    write_file(d / name, R"({"format":2,"first_seq":1})" "\n" + record(1));
    auto r = json_file_store::open(plain(d));
    CHECK(r.st.code() == status_code::version_mismatch);
    CHECK_THAT(r.st.message(), Catch::Contains("newer than this build's 1"));
  }
  SECTION("an op this build does not know, with a valid checksum") {
    temp_dir d;
    write_file(d / name, header(1) + record(1) + record(2, "x", "merge"));
    auto r = json_file_store::open(plain(d));
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains("unknown op \"merge\""));
  }
  SECTION("records with no header") {
    temp_dir d;
    write_file(d / name, record(1) + record(2));
    auto r = json_file_store::open(plain(d));
    CHECK(r.st.code() == status_code::corruption);
    CHECK_THAT(r.st.message(), Catch::Contains("no header"));
  }
  SECTION("a header whose first_seq disagrees with the name") {
    temp_dir d;
    write_file(d / name, header(2) + record(1));
    CHECK(json_file_store::open(plain(d)).st.code() == status_code::corruption);
  }
}
