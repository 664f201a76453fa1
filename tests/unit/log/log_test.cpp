#include "log/log.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace commonsbot;

TEST_CASE("log lines are one line each, with quoted values and levels", "[log]") {
  test::temp_dir dir;
  const auto file = dir / "bot.log";
  log::set_output(file.string());
  log::set_level(log::level::info);
  log::info("store.opened").kv("dir", "./data").kv("seq", 42).kv("ok", true);
  log::warn("odd.input").kv("text", "two words\nand a \"quote\"").kv("ms", 1.5);
  log::debug("hidden").kv("x", 1);
  log::set_output("");

  const std::string text = test::read_file(file);
  INFO(text);
  CHECK(text.find(" INFO  store.opened dir=./data seq=42 ok=true\n") != std::string::npos);
  CHECK(text.find(" WARN  odd.input text=\"two words\\nand a \\\"quote\\\"\" ms=1.500\n") != std::string::npos);
  CHECK(text.find("hidden") == std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);

  log::level l;
  CHECK(log::parse_level("debug", l));
  CHECK(l == log::level::debug);
  CHECK_FALSE(log::parse_level("loud", l));
}
