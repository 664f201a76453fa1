// `commonsbot store verify|export|import|repair` through the real binary, on a data folder a
// console conversation wrote.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace commonsbot::test;

TEST_CASE("store verify, export and import work on a real data folder", "[integration][store]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto chat = run_process({binary(), "chat", "--config", config.string(), "--as", "Aroha"}, "/library starters\n");
  REQUIRE(chat.exit_code == 0);

  auto verify = run_process({binary(), "store", "verify", "--config", config.string()}, "");
  INFO(verify.out << verify.err);
  CHECK(verify.exit_code == 0);

  const auto exported = dir / "export.json";
  auto out = run_process({binary(), "store", "export", "--config", config.string(), "--out", exported.string()}, "");
  INFO(out.out << out.err);
  REQUIRE(out.exit_code == 0);
  const auto doc = nlohmann::json::parse(read_file(exported));
  CHECK(doc["collections"]["people"].contains("console/console:aroha"));
  CHECK(doc["collections"]["sessions"].size() == 1);

  // Import into a fresh folder; the conversation carries on from there.
  const auto restored = dir / "restored";
  auto in = run_process({binary(), "store", "import", "--data", restored.string(), "--in", exported.string()}, "");
  INFO(in.out << in.err);
  REQUIRE(in.exit_code == 0);
  auto again = run_process({binary(), "store", "import", "--data", restored.string(), "--in", exported.string()}, "");
  CHECK(again.exit_code == 1);  // refuses to overwrite without --force

  auto resumed = run_process({binary(), "chat", "--config", config.string(), "--data", restored.string(), "--as", "Aroha"},
                             "2\nno\n");
  INFO(resumed.out << resumed.err);
  CHECK(contains(resumed.out, "At a syndicate, department or staff meeting"));
  CHECK(contains(resumed.out, "Go well!"));
}

TEST_CASE("a damaged journal stops the bot until it is repaired", "[integration][store]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  REQUIRE(run_process({binary(), "chat", "--config", config.string(), "--as", "Aroha"}, "/library help\n/library starters\n3\n")
              .exit_code == 0);
  // Damage the middle of the newest journal: flip one byte inside an early record.
  std::filesystem::path journal;
  for (const auto& e : std::filesystem::directory_iterator(dir / "data"))
    if (e.path().filename().string().starts_with("journal-") && (journal.empty() || e.path() > journal)) journal = e.path();
  REQUIRE_FALSE(journal.empty());
  std::string bytes = read_file(journal);
  const auto first_newline = bytes.find('\n');
  const auto second_newline = bytes.find('\n', first_newline + 1);
  const auto third_newline = bytes.find('\n', second_newline + 1);
  REQUIRE(third_newline != std::string::npos);  // at least two records, so the damage is not at the tail
  bytes[second_newline - 5] ^= 0x01;
  std::ofstream(journal, std::ios::binary | std::ios::trunc) << bytes;

  auto refused = run_process({binary(), "chat", "--config", config.string(), "--as", "Aroha"}, "/library help\n");
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, journal.filename().string()));
  CHECK(contains(refused.err, "store verify"));

  auto verify = run_process({binary(), "store", "verify", "--config", config.string()}, "");
  CHECK(verify.exit_code == 1);

  auto repair = run_process({binary(), "store", "repair", "--config", config.string(), "--backup", (dir / "backup").string()}, "");
  INFO(repair.out << repair.err);
  CHECK(repair.exit_code == 0);
  CHECK(std::filesystem::exists(dir / "backup" / journal.filename()));
  auto after = run_process({binary(), "chat", "--config", config.string(), "--as", "Aroha"}, "/library help\n");
  CHECK(after.exit_code == 0);
}
