// The evidence commands through `commonsbot chat` (log, reflect, share, survey, report), with
// several people in their own chat sessions, restarts in the middle of flows, and the
// `commonsbot report` command line on the data they left.
//
// People and a finished plan are seeded with `commonsbot store import`, so these tests do
// not depend on the planning flow's questions.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>

using namespace commonsbot::test;

namespace {

// The test config, with the staff channel surveys and reports are announced in (or not).
std::filesystem::path write_config(const temp_dir& dir, bool staff_channel = true) {
  return write_test_config(dir, "", staff_channel ? R"(, "staff_channel": "staff-room")" : "");
}

nlohmann::json person(const std::string& id, const std::string& name, const std::string& role) {
  return {{"tenant", "console"}, {"platform", "console"}, {"user_id", id}, {"display_name", name}, {"role", role},
          {"direct", {{"platform", "console"}, {"tenant", "console"}, {"conversation_id", ""}, {"user_id", id}}}};
}

// Aroha (library staff), Sam and Tama (teachers), Mere (leader), and a finished unit Sam and
// Aroha taught together ("co-teach" on the continuum), dated to cover any day the test runs.
void seed_evidence(const temp_dir& dir) {
  nlohmann::json plan = {{"id", "p1"},
                         {"tenant", "console"},
                         {"title", "Volcanoes"},
                         {"learning_areas", {"Science"}},
                         {"year_levels", {"5"}},
                         {"owner", "console:sam"},
                         {"partners", {"console:sam", "console:aroha"}},
                         {"starts", "2000-01-01"},
                         {"ends", "2099-12-31"},
                         {"support", "co-teach"},
                         {"model", "stations"},
                         {"activities", "Station rotation: models, databases and a field trip."},
                         {"status", "completed"}};
  nlohmann::json doc = {{"format", 1},
                        {"seq", 1},
                        {"collections",
                         {{"people",
                           {{"console/console:aroha", person("aroha", "Aroha", "library_staff")},
                            {"console/console:sam", person("sam", "Sam", "teacher")},
                            {"console/console:tama", person("tama", "Tama", "teacher")},
                            {"console/console:mere", person("mere", "Mere", "leader")}}},
                          {"plans", {{"console/p1", plan}}}}}};
  std::ofstream(dir / "seed.json") << doc.dump();
  auto r = run_process({binary(), "store", "import", "--data", (dir / "data").string(), "--in", (dir / "seed.json").string()}, "");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
}

// YYYY-MM-DD `days` from now (UTC), for --from/--to around "today" wherever the test runs.
std::string day(int days) {
  const auto t = std::chrono::system_clock::now() + std::chrono::hours(24 * days);
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace

TEST_CASE("log, a survey answered by a teacher, and the report that shows them", "[integration][console][evidence]") {
  temp_dir dir;
  const auto config = write_config(dir);
  seed_evidence(dir);

  // Aroha logs a collaboration; she stops half-way (the process ends) ...
  auto part1 = chat(config, "Aroha",
                    "/library log @Sam @Nobody\n"
                    "@Sam\n"
                    "Taught a lesson on checking sources for the science fair.\n"
                    "9\n"
                    "Co-teaching\n"
                    "4\n"
                    "Science\n");
  INFO(part1.out << part1.err);
  CHECK(part1.exit_code == 0);
  CHECK(contains(part1.out, "I couldn't find Nobody among the people I know here."));
  CHECK(contains(part1.out, "Please pick one of the options (a number from 1 to 5). From lightest to deepest:"));
  CHECK(contains(part1.out, "Did you use one of the teaching models?"));
  CHECK(contains(part1.out, "Which year level? (or skip)"));

  // ... and carries on after a restart, at the question she stopped on.
  auto part2 = chat(config, "Aroha", "back\nScience\nYear 15\nYear 8\nyes\n/library survey\nyes\n");
  INFO(part2.out << part2.err);
  CHECK(part2.exit_code == 0);
  CHECK(contains(part2.out, "\"Year 15\" doesn't look like a year level. A number from 0 to 13"));
  CHECK(contains(part2.out, "Which learning area? (or skip)"));  // after "back"
  CHECK(contains(part2.out, "Level: Co-teaching"));
  CHECK(contains(part2.out, "Model: Station teaching"));
  CHECK(contains(part2.out, "Year level: 8"));
  CHECK(contains(part2.out, "Saved as l1."));
  CHECK(contains(part2.out, "I'll send these 4 questions to 2 teachers:"));
  CHECK(contains(part2.out, "Sent survey s1 to 2 teachers: Sam and Tama."));

  // Sam, in his own session, finds the invitation waiting and answers.
  auto sam = chat(config, "Sam",
                  "/library survey\n"
                  "Y6\n"
                  "Year 6 natural disasters, then poetry\n"
                  "skip\n"
                  "Finding good sources and taking notes\n"
                  "Planning a unit together\n"
                  "yes\n"
                  "/library report\n"
                  "/library log\n");
  INFO(sam.out << sam.err);
  CHECK(sam.exit_code == 0);
  CHECK(contains(sam.out, "While you were away (1):"));
  CHECK(contains(sam.out, "Kia ora Sam! Aroha from the library would love to hear what's coming up for you"));
  CHECK(contains(sam.out, "Question 1 of 4: What units or topics are you planning for the coming term?"));
  CHECK(contains(sam.out, "That's a bit short: please give at least 3 characters. Just the topics"));
  CHECK(contains(sam.out, "Here are your answers:"));
  CHECK(contains(sam.out, "2. (skipped)"));
  CHECK(contains(sam.out, "Thank you! Your answers are with the library team."));
  CHECK(contains(sam.out, "/library report is for library staff or leader. You're set up as teacher"));
  CHECK(contains(sam.out, "/library log is for library staff. You're set up as teacher"));

  // Tama starts answering, then cancels: nothing is kept.
  auto tama = chat(config, "Tama", "/library survey\nPoetry\ncancel\n");
  INFO(tama.out);
  CHECK(contains(tama.out, "No worries, I've stopped there. Start again any time with /library survey."));

  // Aroha sees the answers so far.
  auto results = chat(config, "Aroha", "/library survey\n1\n");
  INFO(results.out);
  CHECK(contains(results.out, "1 of 2 teachers have answered"));
  CHECK(contains(results.out, "Sam: Year 6 natural disasters, then poetry"));

  // Mere, a leader, reads the report: the plan at its level, the log at its, the survey.
  auto mere = chat(config, "Mere", "/library report\n/library report someday\nthis\n" + day(-400).substr(0, 4) + "\n");
  INFO(mere.out << mere.err);
  CHECK(mere.exit_code == 0);
  CHECK(contains(mere.out, "*Evidence report: Term "));
  CHECK(contains(mere.out, "2 in all (1 from unit plans, 1 logged)."));
  CHECK(contains(mere.out, "Co-teaching: 2"));  // the Volcanoes plan and Aroha's log
  CHECK(contains(mere.out, "Station teaching: 2"));
  CHECK(contains(mere.out, "Science: 2"));
  CHECK(contains(mere.out, "Teachers reached: 1; more than once: 1."));
  CHECK(contains(mere.out, "Units: 1; finished: 1; reflected on: 0"));
  CHECK(contains(mere.out, "1 of 2 teachers answered."));
  CHECK(contains(mere.out, "I couldn't read \"someday\" as a period. For example: term 1"));
  CHECK(contains(mere.out, "I couldn't read \"this\" as a period."));  // asked again, with the hint
  CHECK(contains(mere.out, "Co-teaching: 1"));  // last year: only the long-running plan
}

TEST_CASE("reflect and share between partners in their own sessions", "[integration][console][evidence]") {
  temp_dir dir;
  const auto config = write_config(dir);
  seed_evidence(dir);

  auto refused = chat(config, "Tama", "/library reflect p1\n/library share p1\n");
  INFO(refused.out);
  CHECK(contains(refused.out, "p1 (Volcanoes) belongs to Sam and Aroha, so only they can reflect on it."));
  CHECK(contains(refused.out, "Only its partners can share it"));
  auto leader = chat(config, "Mere", "/library reflect\n");
  CHECK(contains(leader.out, "/library reflect is for teacher or library staff. You're set up as leader"));

  // Sam reflects, stopping after the first answer ...
  auto part1 = chat(config, "Sam", "/library share p1\n/library reflect\n1\nok\nEvery group used the databases.\n");
  INFO(part1.out << part1.err);
  CHECK(contains(part1.out, "needs a reflection before it can be shared"));
  CHECK(contains(part1.out, "1. p1: Volcanoes"));
  CHECK(contains(part1.out, "That's a bit short: please give at least 3 characters. A few words is fine"));
  CHECK(contains(part1.out, "What evidence of student learning do you have?"));

  // ... and finishes after a restart, asking to share.
  auto part2 = chat(config, "Sam",
                    "Slides at https://example.school.nz/volcanoes; 24 of 27 met the outcome.\n"
                    "back\n"
                    "Slides at https://example.school.nz/volcanoes; 24 of 27 met the outcome.\n"
                    "Start the note-taking lesson earlier.\n"
                    "1\n"
                    "yes\n");
  INFO(part2.out << part2.err);
  CHECK(contains(part2.out, "What would you change next time?"));
  CHECK(contains(part2.out, "What evidence of student learning"));  // after "back"
  CHECK(contains(part2.out, "Share with the staff: yes, once your partner agrees"));
  CHECK(contains(part2.out, "\"Volcanoes\" (p1) is now marked as reflected."));
  CHECK(contains(part2.out, "I've asked Aroha."));

  // Aroha sees the news and the question; on the console she agrees by typing.
  auto aroha = chat(config, "Aroha", "/library share p1\n/library report\n");
  INFO(aroha.out << aroha.err);
  CHECK(contains(aroha.out, "While you were away (1):"));
  CHECK(contains(aroha.out, "Sam has reflected on \"Volcanoes\" (p1). What worked: Every group used the databases."));
  CHECK(contains(aroha.out, "1. Yes, share it"));
  CHECK(contains(aroha.out, "2. Not yet"));
  CHECK(contains(aroha.out, "Or type /library share p1 to agree."));
  CHECK(contains(aroha.out, "Done! \"Volcanoes\" is up in the staff channel."));
  CHECK(contains(aroha.out, "Units: 1; finished: 1; reflected on: 1; shared with the staff: 1."));

  auto sam = chat(config, "Sam", "/library share p1\n");
  INFO(sam.out);
  CHECK(contains(sam.out, "Aroha agreed, so \"Volcanoes\" (p1) is now up in the staff channel."));
  CHECK(contains(sam.out, "is already shared"));

  // The story waits in the outbox for the staff channel.
  auto outbox = run_process({binary(), "store", "export", "--config", config.string(), "--out", "-"}, "");
  REQUIRE(outbox.exit_code == 0);
  const auto doc = nlohmann::json::parse(outbox.out);
  bool posted = false;
  for (const auto& [key, entry] : doc["collections"]["outbox"].items())
    if (entry["to"]["conversation_id"] == "staff-room") {
      posted = true;
      const std::string text = entry["message"]["text"].get<std::string>();
      CHECK(contains(text, "A success to celebrate: *Volcanoes*"));
      CHECK(contains(entry["message"].dump(), "https://example.school.nz/volcanoes"));
    }
  CHECK(posted);
}

TEST_CASE("share says kindly when no staff channel is set up", "[integration][console][evidence]") {
  temp_dir dir;
  const auto config = write_config(dir, false);
  seed_evidence(dir);
  auto r = chat(config, "Sam", "/library reflect p1\nIt worked.\nPhotos of the posters.\nskip\n1\nyes\n");
  INFO(r.out << r.err);
  CHECK(contains(r.out, "no staff channel is set up for this school yet"));
  CHECK(contains(r.out, "is now marked as reflected"));
}

TEST_CASE("commonsbot report writes the evidence as CSV and JSON", "[integration][evidence][cli]") {
  temp_dir dir;
  const auto config = write_config(dir);
  seed_evidence(dir);
  auto logged = chat(config, "Aroha", "/library log @Tama\nFound picture books for poetry.\n1\n6\nEnglish\n7-8\nyes\n");
  INFO(logged.out << logged.err);
  REQUIRE(contains(logged.out, "Saved as l1."));

  const std::string from = day(-2), to = day(2);
  auto csv = run_process({binary(), "report", "--config", config.string(), "--from", from, "--to", to, "--format", "csv"}, "");
  INFO(csv.out << csv.err);
  CHECK(csv.exit_code == 0);
  CHECK(csv.out.starts_with("section,item,label,value\r\n"));
  CHECK(contains(csv.out, "period,from,," + from + "\r\n"));
  CHECK(contains(csv.out, "collaborations,total,,2\r\n"));
  CHECK(contains(csv.out, "collaborations,planned,,1\r\n"));
  CHECK(contains(csv.out, "level,resources,Supplying resources,1\r\n"));
  CHECK(contains(csv.out, "level,co-teach,Co-teaching,1\r\n"));
  CHECK(contains(csv.out, "model,none,No particular model,1\r\n"));
  CHECK(contains(csv.out, "learning_area,english,English,1\r\n"));
  CHECK(contains(csv.out, "year_level,7-8,7-8,1\r\n"));
  CHECK(contains(csv.out, "teachers,reached,,2\r\n"));
  CHECK(contains(csv.out, "teacher,console:tama,Tama,1\r\n"));

  auto json = run_process({binary(), "report", "--config", config.string(), "--data", (dir / "data").string(),
                           "--from", from, "--to", to, "--format", "json"}, "");
  REQUIRE(json.exit_code == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["tenant"] == "console");
  CHECK(j["collaborations"]["total"] == 2);
  CHECK(j["plans"]["completed"] == 1);

  auto text = run_process({binary(), "report", "--config", config.string(), "--term", "2", "--year", "2001"}, "");
  CHECK(text.exit_code == 0);
  CHECK(contains(text.out, "Evidence report: Term 2 2001 (2001-05-01 to 2001-07-15)"));
  CHECK(contains(text.out, "Co-teaching: 1"));  // the plan spans every year

  auto bad = run_process({binary(), "report", "--config", config.string(), "--from", "2025-02-30", "--to", to}, "");
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "--from and --to need dates like 2025-02-03"));
  auto backwards = run_process({binary(), "report", "--config", config.string(), "--from", to, "--to", from}, "");
  CHECK(backwards.exit_code == 2);
  auto format = run_process({binary(), "report", "--config", config.string(), "--format", "xml"}, "");
  CHECK(format.exit_code == 2);
  auto missing = run_process({binary(), "report", "--config", config.string(), "--data", (dir / "nothing").string()}, "");
  CHECK(missing.exit_code == 1);
  CHECK(contains(missing.err, "cannot read"));
  // check-config reads each school's staff channel.
  std::ofstream(dir / "bad.json") << R"({"store": {"dir": ")" << (dir / "data").string() << R"("},
      "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
      "tenants": [{"id": "console", "staff_channel": "staff room"}]})";
  auto check = run_process({binary(), "check-config", "--config", (dir / "bad.json").string()}, "");
  CHECK(check.exit_code == 1);
  CHECK(contains(check.out, "/tenants/0/staff_channel: must be a channel or conversation id (no spaces)"));
  auto good = run_process({binary(), "check-config", "--config", config.string()}, "");
  INFO(good.out);
  CHECK(good.exit_code == 0);

  auto help = run_process({binary(), "report", "--help"}, "");
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "--format"));
  CHECK(contains(help.out, "Safe while the bot is serving"));
}
