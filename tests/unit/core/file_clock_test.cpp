#include "core/file_clock.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

using namespace commonsbot;

TEST_CASE("a file clock reads milliseconds from its file and never goes back", "[file_clock]") {
  test::temp_dir dir;
  const auto file = dir / "now";
  CHECK_FALSE(core::file_clock(file).ok());
  CHECK_FALSE(core::file_clock::read_ms(file));
  std::ofstream(file) << "1806580800000\n";
  core::file_clock clock(file);
  REQUIRE(clock.ok());
  CHECK(core::to_epoch_ms(clock.now()) == 1806580800000);

  std::ofstream(file) << "1806580860000";
  std::this_thread::sleep_for(std::chrono::milliseconds(15));
  CHECK(core::to_epoch_ms(clock.now()) == 1806580860000);

  std::ofstream(file) << "1806580000000";  // backwards: ignored
  std::this_thread::sleep_for(std::chrono::milliseconds(15));
  CHECK(core::to_epoch_ms(clock.now()) == 1806580860000);
  std::ofstream(file) << "soon";
  std::this_thread::sleep_for(std::chrono::milliseconds(15));
  CHECK(core::to_epoch_ms(clock.now()) == 1806580860000);
  CHECK_FALSE(core::file_clock::read_ms(file));
}
