// A corrupt person or session record in the store, with the real binary: every event of
// that person is answered with an apology (and the chat exits non-zero), the lines after it
// are still handled, other people are unaffected, and nothing hangs or crashes.
#include "core/keys.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

constexpr const char* corrupt_sorry = "Sorry, something went wrong on my side";

// Overwrites every record of `collection` whose key starts with "console/" and contains
// `who` with a value no reader can parse; returns how many.
std::size_t corrupt_records(const temp_dir& dir, const std::string& collection, const std::string& who) {
  store::options opts;
  opts.dir = (dir / "data").string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  store::transaction txn;
  std::size_t n = 0;
  for (const auto& [key, value] : opened.store->scan(collection, "console/"))
    if (key.find(who) != std::string::npos) {
      // Every field a reader expects as text or a number is something else.
      txn.put(collection, key, nlohmann::json{{"tenant", 1}, {"user_id", 2}, {"display_name", 3}, {"role", 4},
                                              {"flow", 5}, {"step", 6}});
      ++n;
    }
  REQUIRE(opened.store->commit(std::move(txn)));
  REQUIRE(opened.store->close());
  return n;
}

std::size_t corrupt_count(const std::string& out, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = out.find(needle); at != std::string::npos; at = out.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("chat: a corrupt person record gets an apology per event, others carry on", "[integration][pipeline]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  REQUIRE(chat(config, "Mere", "", "/library help\n").exit_code == 0);
  REQUIRE(corrupt_records(dir, std::string(core::collections::people), "mere") == 1);

  auto broken = chat(config, "Mere", "", "/library help\nhello\n/library help\n");
  INFO(broken.out << broken.err);
  CHECK(broken.signal == 0);
  CHECK(broken.exit_code == 1);
  CHECK(corrupt_count(broken.out, corrupt_sorry) == 3);
  CHECK(broken.err.find("pipeline.event_failed") != std::string::npos);
  CHECK(broken.err.find("delivery_id") != std::string::npos);

  auto other = chat(config, "Aroha", "", "/library help\n");
  INFO(other.out);
  CHECK(other.exit_code == 0);
  CHECK(other.out.find("/library starters") != std::string::npos);
}

TEST_CASE("chat: a corrupt session record gets an apology per event, others carry on", "[integration][pipeline]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  REQUIRE(chat(config, "Aroha", "", "/library starters\n").exit_code == 0);  // leaves a session open
  REQUIRE(corrupt_records(dir, std::string(core::collections::sessions), "aroha") == 1);

  auto broken = chat(config, "Aroha", "", "3\n/library help\n");
  INFO(broken.out << broken.err);
  CHECK(broken.signal == 0);
  CHECK(broken.exit_code == 1);
  CHECK(corrupt_count(broken.out, corrupt_sorry) == 2);

  auto other = chat(config, "Mere", "", "/library help\n");
  CHECK(other.exit_code == 0);
  CHECK(other.out.find(corrupt_sorry) == std::string::npos);
}
