#include "flows/flow_definition.hpp"
#include "flows/flow_registry.hpp"
#include "flows/message_catalog.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace commonsbot::flows;

namespace {

bool reported(const problem_list& problems, const std::string& path, const std::string& fragment) {
  for (const auto& p : problems)
    if (p.path == path && p.what.find(fragment) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("the shipped templates load without problems", "[flows][templates]") {
  problem_list problems;
  auto reg = flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
  for (const auto& p : problems) INFO(p.to_string());
  CHECK(problems.empty());
  REQUIRE(reg.by_command("help"));
  REQUIRE(reg.by_command("starters"));
  CHECK(reg.in_help_order().front()->command == "help");
}

TEST_CASE("a broken flow is refused with the path of every problem", "[flows][templates]") {
  message_catalog messages;
  messages.add("en-NZ", "known", "Known");
  const auto j = nlohmann::json::parse(R"({
    "id": "bad", "command": "bad", "summary": "known", "usage": "missing.key", "start": "nowhere",
    "roles": ["teacher", "wizard"], "colour": "blue",
    "steps": {
      "a": {"kind": "dance"},
      "b": {"kind": "choice", "prompt": "known", "options": [{"id": "x", "label": "known"}, {"id": "x", "label": "known", "next": "zz"}]},
      "c": {"kind": "confirm", "prompt": "known", "yes": "a"},
      "d": {"kind": "text", "prompt": "known", "save": "v", "min_length": 9, "max_length": 2}
    }})");
  problem_list problems;
  CHECK_FALSE(parse_flow(j, "bad.json", messages, problems));
  CHECK(reported(problems, "/usage", "no message \"missing.key\""));
  CHECK(reported(problems, "/start", "unknown step \"nowhere\""));
  CHECK(reported(problems, "/roles/1", "unknown role"));
  CHECK(reported(problems, "/colour", "unknown key"));
  CHECK(reported(problems, "/steps/a/kind", "unknown step kind \"dance\""));
  CHECK(reported(problems, "/steps/b/options/1/id", "duplicate option id"));
  CHECK(reported(problems, "/steps/b/options/1/next", "unknown step \"zz\""));
  CHECK(reported(problems, "/steps/c/no", "missing"));
  CHECK(reported(problems, "/steps/d/min_length", "more than max_length"));
  for (const auto& p : problems) CHECK(p.file == "bad.json");
}

TEST_CASE("templates with bad JSON or a clashing command are reported by file", "[flows][templates]") {
  commonsbot::test::temp_dir dir;
  std::filesystem::create_directories(dir.path() / "flows");
  std::filesystem::create_directories(dir.path() / "messages" / "en-NZ");
  std::ofstream(dir.path() / "messages" / "en-NZ" / "m.json") << R"({"k": "K", "bad": 5})";
  std::ofstream(dir.path() / "flows" / "one.json")
      << R"({"id":"one","command":"go","summary":"k","usage":"k","start":"s","steps":{"s":{"kind":"say","text":"k"}}})";
  std::ofstream(dir.path() / "flows" / "two.json")
      << R"({"id":"two","command":"go","summary":"k","usage":"k","start":"s","steps":{"s":{"kind":"say","text":"k"}}})";
  std::ofstream(dir.path() / "flows" / "three.json") << R"({"id": "three", )";

  problem_list problems;
  auto reg = flow_registry::load(dir.path(), "en-NZ", problems);
  CHECK(reg.by_command("go"));
  CHECK(reported(problems, "/bad", "expected text"));
  CHECK(reported(problems, "/command", "already the command of flow \"one\""));
  bool bad_json = false;
  for (const auto& p : problems) bad_json |= p.file.ends_with("three.json") && p.what.find("not valid JSON") != std::string::npos;
  CHECK(bad_json);
}

TEST_CASE("messages fall back to the default locale and fill placeholders", "[flows][messages]") {
  message_catalog messages("en-NZ");
  messages.add("en-NZ", "greet", "Kia ora {name}");
  messages.add("en-NZ", "bye", "Ka kite");
  messages.add("en-GB", "greet", "Hello {name}");
  CHECK(messages.text("en-GB", "greet", {{"name", "Sam"}}) == "Hello Sam");
  CHECK(messages.text("en-GB", "bye") == "Ka kite");
  CHECK(messages.text("", "greet", {{"name", "Sam"}}) == "Kia ora Sam");
  CHECK(messages.text("en-NZ", "missing") == "[missing]");
  CHECK(interpolate("{a} and {b} and {a", {{"a", "1"}}) == "1 and {b} and {a");
}
