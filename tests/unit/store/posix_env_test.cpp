#include "store/env.hpp"

#include "store_test_util.hpp"

#include <sys/stat.h>

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;

TEST_CASE("the POSIX env creates 0600 files in 0700 directories", "[store][env]") {
  temp_dir d;
  env& e = default_env();
  const std::string dir = (d / "sub").string();
  REQUIRE(e.create_dir(dir));
  REQUIRE(e.create_dir(dir));  // existing is fine
  struct stat st {};
  REQUIRE(::stat(dir.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0700);
  std::unique_ptr<writable_file> f;
  REQUIRE(e.new_writable_file(dir + "/a", true, f));
  REQUIRE(f->append("hello "));
  REQUIRE(f->append("world"));
  REQUIRE(f->sync());
  REQUIRE(f->close());
  REQUIRE(::stat((dir + "/a").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK_FALSE(e.new_writable_file(dir + "/a", true, f));  // exclusive

  std::string content;
  REQUIRE(read_whole_file(e, dir + "/a", content));
  CHECK(content == "hello world");
  REQUIRE(e.truncate_file(dir + "/a", 5));
  std::uint64_t size = 0;
  REQUIRE(e.file_size(dir + "/a", size));
  CHECK(size == 5);
  REQUIRE(e.rename_file(dir + "/a", dir + "/b"));
  REQUIRE(e.sync_dir(dir));
  std::vector<std::string> names;
  REQUIRE(e.list_dir(dir, names));
  CHECK(names == std::vector<std::string>{"b"});
  REQUIRE(e.remove_file(dir + "/b"));
  std::unique_ptr<sequential_file> missing;
  CHECK(e.new_sequential_file(dir + "/b", missing).code() == status_code::not_found);
  CHECK(e.remove_file(dir + "/b").code() == status_code::io_error);
}

TEST_CASE("write_file_durably replaces a file whole", "[store][env]") {
  temp_dir d;
  REQUIRE(write_file_durably(default_env(), d.path().string(), "x.json", "one"));
  REQUIRE(write_file_durably(default_env(), d.path().string(), "x.json", "two"));
  CHECK(read_file(d / "x.json") == "two");
  CHECK_FALSE(std::filesystem::exists(d / "x.json.tmp"));
}
