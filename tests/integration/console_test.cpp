// Scripted conversations through `commonsbot chat`: the same pipeline as every platform,
// driven from stdin, with a restart in the middle of a flow.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace commonsbot::test;

TEST_CASE("a starters conversation survives a restart in the middle", "[integration][console]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  const std::string fixtures = std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/console/";

  auto first = chat(config, "Aroha", "library_staff", read_file(fixtures + "starters-part1.txt"));
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "you> /library help"));
  CHECK(contains(first.out, "Here's what you can do as library staff"));
  CHECK(contains(first.out, "/library starters [chat | meeting | booking | resources | big-picture]"));
  CHECK(contains(first.out, "Where will you be talking with teachers?"));
  CHECK(contains(first.out, "  3. When a class books the library"));
  CHECK(contains(first.out, "Please pick one of the options (a number from 1 to 5)"));
  CHECK(contains(first.out, "What would you like students to learn while they're here?"));
  CHECK(contains(first.out, "Would you like starters for another situation?"));
  CHECK_FALSE(contains(first.out, "Go well"));

  // A new process: the flow resumes at the question it stopped on.
  auto second = chat(config, "Aroha", "", read_file(fixtures + "starters-part2.txt"));
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  const auto pick_again = second.out.find("Where will you be talking with teachers?");
  REQUIRE(pick_again != std::string::npos);
  CHECK(contains(second.out, "Would you like starters for another situation?"));  // after "back"
  CHECK(contains(second.out, "Being in the room when plans are made"));
  CHECK(contains(second.out, "Go well!"));
  CHECK_FALSE(contains(second.out, "I don't know"));
}

TEST_CASE("roles decide what the console may do", "[integration][console]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto teacher = chat(config, "Sam", "", "/library help\n/library starters\n/library dance\n");
  INFO(teacher.out << teacher.err);
  CHECK(teacher.exit_code == 0);
  CHECK(contains(teacher.out, "Here's what you can do as teacher"));
  CHECK_FALSE(contains(teacher.out, "/library starters [chat"));
  CHECK(contains(teacher.out, "/library starters is for library staff. You're set up as teacher"));
  CHECK(contains(teacher.out, "I don't know /library dance yet"));

  // --role changes the stored role; the next conversation has it without the flag.
  chat(config, "Sam", "library_staff", "");
  auto promoted = chat(config, "Sam", "", "/library starters big-picture\nno\n");
  INFO(promoted.out);
  CHECK(contains(promoted.out, "With leaders, about the bigger picture"));
  CHECK(contains(promoted.out, "Go well!"));
}

TEST_CASE("cancel ends a flow and stray text gets a gentle pointer", "[integration][console]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto r = chat(config, "Aroha", "", "/library starters\ncancel\n2\n/library help starters\n");
  INFO(r.out << r.err);
  CHECK(contains(r.out, "No worries, I've stopped there."));
  CHECK(contains(r.out, "Hi Aroha! Type /library help"));
  CHECK(contains(r.out, "Conversation starters for talking with teachers, by situation."));
}

TEST_CASE("chat explains bad usage", "[integration][console]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto no_name = run_process({binary(), "chat", "--config", config.string()}, "");
  CHECK(no_name.exit_code == 2);
  CHECK(contains(no_name.err, "--as"));
  auto bad_role = chat(config, "Sam", "wizard", "");
  CHECK(bad_role.exit_code == 2);
  CHECK(contains(bad_role.err, "unknown role \"wizard\""));
  auto help = run_process({binary(), "chat", "--help"}, "");
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "--role"));
}

TEST_CASE("broken templates are refused at start with file and path", "[integration][console]") {
  temp_dir dir;
  const auto templates = dir / "templates";
  std::filesystem::copy(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", templates,
                        std::filesystem::copy_options::recursive);
  std::ofstream(templates / "flows" / "starters.json", std::ios::trunc)
      << R"({"id": "starters", "command": "starters", "summary": "starters.summary", "usage": "starters.usage",
            "start": "pick", "steps": {"pick": {"kind": "choice", "prompt": "starters.pick",
            "options": [{"id": "a", "label": "starters.nope", "next": "gone"}]}}})";
  const auto config = dir / "broken.json";
  std::ofstream(config) << R"({"store": {"dir": ")" << (dir / "data").string() << R"("},
                               "flows": {"templates_dir": ")" << templates.string() << R"("}})";

  auto r = run_process({binary(), "chat", "--config", config.string(), "--as", "Aroha"}, "/library help\n");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "starters.json: /steps/pick/options/0/label: no message \"starters.nope\""));
  CHECK(contains(r.err, "starters.json: /steps/pick/options/0/next: unknown step \"gone\""));
  CHECK(contains(r.err, "have errors"));
  CHECK_FALSE(std::filesystem::exists(dir / "data"));  // refused before the store was touched

  auto check = run_process({binary(), "check-config", "--config", config.string()}, "");
  CHECK(check.exit_code == 1);
  CHECK(contains(check.out, "/steps/pick/options/0/next: unknown step \"gone\""));
}
