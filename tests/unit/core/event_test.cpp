#include "core/event.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::core;

TEST_CASE("command text splits into a command and its arguments", "[core][event]") {
  std::string command;
  std::vector<std::string> args;

  parse_command_text("/library plan Rivers unit", command, args);
  CHECK(command == "plan");
  CHECK(args == std::vector<std::string>{"Rivers", "unit"});

  parse_command_text("Help", command, args);
  CHECK(command == "help");
  CHECK(args.empty());

  parse_command_text("plan \"Water cycle\" year 5", command, args);
  CHECK(command == "plan");
  CHECK(args == std::vector<std::string>{"Water cycle", "year", "5"});

  parse_command_text("/library", command, args);
  CHECK(command.empty());
  CHECK(args.empty());

  parse_command_text("   ", command, args);
  CHECK(command.empty());
}
