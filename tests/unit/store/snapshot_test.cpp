#include "store/snapshot.hpp"

#include "store_test_util.hpp"

#include <sys/stat.h>

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;

namespace {

mem_state sample() {
  mem_state s;
  s.apply({false, "people", "u1", R"({"name":"Ada"})"});
  s.apply({false, "people", "u\n2", R"({"name":"Grüße"})"});
  s.apply({false, "rooms", "r1", "[1,2,3]"});
  return s;
}

std::optional<problem> check(const temp_dir& d, const std::string& name, std::uint64_t seq, mem_state* into = nullptr) {
  snapshot_info info;
  std::optional<problem> issue;
  REQUIRE(read_snapshot(default_env(), d.path().string(), name, seq, into, info, issue));
  return issue;
}

}  // namespace

TEST_CASE("a snapshot round-trips and is written 0600 with no temp file left", "[store][snapshot]") {
  temp_dir d;
  const mem_state s = sample();
  snapshot_info info;
  REQUIRE(write_snapshot(default_env(), d.path().string(), 12, s.base(), info));
  CHECK(info.count == 3);
  const std::string name = snapshot_file_name(12);
  CHECK(info.bytes == std::filesystem::file_size(d / name));
  CHECK(files_with_prefix(d.path(), "snapshot") == std::vector<std::string>{name});
  struct stat st {};
  REQUIRE(::stat((d / name).c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  mem_state back;
  CHECK_FALSE(check(d, name, 12, &back));
  CHECK(back.base() == s.base());
  // Every line is JSON.
  std::istringstream lines(read_file(d / name));
  for (std::string line; std::getline(lines, line);) CHECK_NOTHROW(nlohmann::json::parse(line));
}

TEST_CASE("any changed byte or cut in a snapshot is found", "[store][snapshot]") {
  temp_dir d;
  snapshot_info info;
  REQUIRE(write_snapshot(default_env(), d.path().string(), 3, sample().base(), info));
  const std::string name = snapshot_file_name(3);
  const std::string golden = read_file(d / name);
  for (std::size_t i = 0; i < golden.size(); ++i) {
    std::string bad = golden;
    bad[i] ^= 0x01;
    write_file(d / name, bad);
    INFO("byte " << i);
    CHECK(check(d, name, 3).has_value());
  }
  for (std::size_t cut = 0; cut < golden.size(); ++cut) {
    write_file(d / name, golden.substr(0, cut));
    INFO("cut " << cut);
    CHECK(check(d, name, 3).has_value());
  }
  write_file(d / name, golden);
  CHECK_FALSE(check(d, name, 3).has_value());
  CHECK(check(d, name, 4).has_value());  // the name must match the header
}

TEST_CASE("a snapshot of a newer format is reported as such", "[store][snapshot]") {
  temp_dir d;
  write_file(d / snapshot_file_name(1), R"({"format":2,"seq":1,"count":0})" "\n");
  auto issue = check(d, snapshot_file_name(1), 1);
  REQUIRE(issue);
  CHECK(issue->type == problem::kind::version);
}

TEST_CASE("obsolete files go, one previous generation stays", "[store][snapshot]") {
  temp_dir d;
  for (int s : {10, 20, 30}) write_file(d / snapshot_file_name(s), "x");
  for (int j : {1, 11, 21, 31}) write_file(d / journal_file_name(j), "x");
  REQUIRE(remove_obsolete_files(default_env(), d.path().string(), 30));
  CHECK(files_with_prefix(d.path(), "snapshot") ==
        std::vector<std::string>{snapshot_file_name(20), snapshot_file_name(30)});
  CHECK(files_with_prefix(d.path(), "journal") ==
        std::vector<std::string>{journal_file_name(21), journal_file_name(31)});
  // With no previous snapshot nothing goes: the journal is the only fallback.
  temp_dir e;
  write_file(e / snapshot_file_name(5), "x");
  write_file(e / journal_file_name(1), "x");
  write_file(e / journal_file_name(6), "x");
  REQUIRE(remove_obsolete_files(default_env(), e.path().string(), 5));
  CHECK(files_with_prefix(e.path(), "journal").size() == 2);
}
