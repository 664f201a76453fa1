// Scripted console conversations for /library resources and /library resource add, and the
// `commonsbot import resources` command: searching the sample catalogue, paging with "more"
// (also after a restart), adding a resource as library staff and finding it in the next run
// (the runtime rebuilds the catalogue from the store), refusals, bad answers re-asked with
// their hint, back and cancel, and importing a CSV with a bad row.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace commonsbot::test;

namespace {

run_result import(const std::filesystem::path& config, const std::string& file, std::vector<std::string> extra = {}) {
  std::vector<std::string> argv{binary(), "import", "resources", file, "--config", config.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return run_process(argv, "");
}

std::string fixture(const char* name) { return std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/catalogue/" + name; }

}  // namespace

TEST_CASE("resources: search the sample catalogue, page with more, resume after a restart",
          "[integration][console][resources]") {
  temp_dir dir;
  const auto config = write_test_config(dir);

  auto first = chat(config, "Mere", "", "/library help\n/library resources volcanoes\n/library resources year 5\nmore\n");
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "/library resources <words> [year N] [area A]"));
  CHECK(contains(first.out, "One resource matches \"volcanoes\":"));
  CHECK(contains(first.out, "1. Volcanoes of Aotearoa (sample)\n"));
  CHECK(contains(first.out, "    Link: https://example.org/sample/volcanoes-of-aotearoa"));
  CHECK(contains(first.out, "    Year levels: 4-8"));
  CHECK(contains(first.out, "(Entries marked (sample) are made-up examples that come with the bot; their links lead nowhere.)"));
  CHECK(contains(first.out, "resources for Year 5, newest first. Here are 1 to 5:"));
  CHECK(contains(first.out, "Want the next 5?"));
  CHECK(contains(first.out, "Here are 6 to 10 of"));

  // A new process carries on from the same place.
  auto second = chat(config, "Mere", "", "more\nmore\n/library resources volcanoes year 13\n");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "Here are 11 to 15 of"));
  CHECK(contains(second.out, "Here are 16 to "));
  CHECK(contains(second.out, "That's everything that matched."));
  CHECK(contains(second.out, "Nothing matched \"volcanoes\" for Year 13. Without the year and area filters I'd find 1: "
                             "try /library resources volcanoes"));
}

TEST_CASE("resources: no words asks, a bad year is re-asked with the hint, back and cancel",
          "[integration][console][resources]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto r = chat(config, "Mere", "",
                "/library resources\nnutrition area hpe\n/library resources year 20\nback\ncancel\n"
                "/library resources y7 area \"te reo\"\n/library resources year 8\ndone\n");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "What are you looking for? A topic or a few words"));
  CHECK(contains(r.out, "2 resources match \"nutrition\" in Health and Physical Education, best first:"));
  CHECK(contains(r.out, "I read \"year 20\" as a year level, but year levels go from NE (new entrants) to 13. "
                        "For example: volcanoes year 5"));
  CHECK(contains(r.out, "That's the first question, so there's nothing to go back to."));
  CHECK(contains(r.out, "No worries, I've stopped there. Start again any time with /library resources."));
  CHECK(contains(r.out, "3 resources in Te Reo Māori for Year 7, newest first:"));
  CHECK(contains(r.out, "Want the next 5?"));
  CHECK(contains(r.out, "Happy exploring!"));
}

TEST_CASE("resource add: library staff add one, teachers find it in the next run, teachers can't add",
          "[integration][console][resources]") {
  temp_dir dir;
  const auto config = write_test_config(dir);

  auto teacher = chat(config, "Mere", "", "/library resource add\n");
  INFO(teacher.out << teacher.err);
  CHECK(contains(teacher.out, "/library resource is for library staff. You're set up as teacher"));

  // Aroha is library staff (the config's seed list). She stops after the link...
  auto first = chat(config, "Aroha", "", "/library resource add\nTaupō Eruption Timeline\nwww.example.net/taupo\n"
                                         "https://example.net/taupo\n");
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "What's it called?"));
  CHECK(contains(first.out, "Nearly: \"www.example.net/taupo\" needs https:// (or http://) at the front. "
                            "Paste the full address"));
  CHECK(contains(first.out, "In a sentence, what is it and how might a class use it?"));

  // ... and carries on in a new process.
  auto second = chat(config, "Aroha", "",
                     "An interactive timeline of the Taupō eruptions.\nscience, knitting\nscience\n5-8\n6\n"
                     "Taupō, supervolcano, timeline\nyes\n/library resources supervolcano\n");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "I don't know a learning area called \"knitting\"."));
  CHECK(contains(second.out, "Title: Taupō Eruption Timeline"));
  CHECK(contains(second.out, "Format: Website"));
  CHECK(contains(second.out, "Added \"Taupō Eruption Timeline\" to the catalogue. Anyone can find it now with "
                             "/library resources Taupō."));
  CHECK(contains(second.out, "1. Taupō Eruption Timeline\n"));

  // A teacher in a later run finds it: the runtime rebuilt the catalogue from the store.
  auto later = chat(config, "Mere", "", "/library resources taupo year 6\n");
  INFO(later.out << later.err);
  CHECK(contains(later.out, "Taupō Eruption Timeline\n"));
  CHECK(contains(later.out, "Link: https://example.net/taupo"));
  CHECK(contains(later.out, "Volcanoes of Aotearoa (sample)"));  // its keywords mention Taupō too

  // Adding the same link again updates it.
  auto again = chat(config, "Aroha", "", "/library resource add Taupō Timeline (2nd ed.)\nhttps://example.net/taupo\nback\ncancel\n");
  INFO(again.out << again.err);
  CHECK(contains(again.out, "That link is already in your catalogue as \"Taupō Eruption Timeline\", so your answers "
                            "will update that entry."));
  CHECK(contains(again.out, "No worries, I've stopped there. Start again any time with /library resource."));
}

TEST_CASE("import resources: problems by row, --dry-run, --skip-bad, updates, and the search sees them",
          "[integration][resources][import]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  const auto csv = fixture("school_resources.csv");

  auto help = run_process({binary(), "import", "resources", "--help"}, "");
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "learning_areas  e.g. Science;English"));
  CHECK(contains(help.out, "--skip-bad"));

  auto refused = import(config, csv, {"--dry-run"});
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.err, "school_resources.csv: row 4: link: not an http:// or https:// address"));
  CHECK(contains(refused.err, "school_resources.csv: row 5: year_levels: \"14\" is not a year level"));
  CHECK(contains(refused.err, "2 rows have errors (listed above), so nothing would be imported. Fix them and run this "
                              "again, or add --skip-bad to import the 3 good rows"));

  auto dry = import(config, csv, {"--dry-run", "--skip-bad"});
  INFO(dry.out << dry.err);
  CHECK(dry.exit_code == 0);
  CHECK(contains(dry.out, "dry run: would import 3 (3 new, 0 updated), skipped 2 for console; nothing was changed"));

  auto before = chat(config, "Mere", "", "/library resources stormwater\n");
  CHECK(contains(before.out, "Nothing matched \"stormwater\""));

  auto done = import(config, csv, {"--skip-bad"});
  INFO(done.out << done.err);
  CHECK(done.exit_code == 0);
  CHECK(contains(done.out, "imported 3 (3 new, 0 updated), skipped 2 for console"));

  auto json = import(config, fixture("school_resources.json"));
  INFO(json.out << json.err);
  CHECK(json.exit_code == 0);
  CHECK(contains(json.out, "imported 2 (1 new, 1 updated), skipped 0 for console"));

  auto after = chat(config, "Mere", "", "/library resources stormwater\n/library resources counting year 1\n");
  INFO(after.out << after.err);
  CHECK(contains(after.out, "1. Stormwater Detectives, Teacher Notes\n"));
  CHECK(contains(after.out, "Year levels: 5-7"));
  CHECK(contains(after.out, "Kererū Counting Cards\n"));
  CHECK(contains(after.out, "Learning areas: Mathematics and Statistics, Te Reo Māori"));

  auto wrong_school = import(config, csv, {"--tenant", "nowhere"});
  CHECK(wrong_school.exit_code == 2);
  CHECK(contains(wrong_school.err, "the config has no school \"nowhere\""));

  const auto bad_json = dir / "bad.json";
  std::ofstream(bad_json) << R"([{"title": "Fine", "link": "https://example.net/fine"}, {"title": "", "link": "nope"}])";
  auto json_errors = import(config, bad_json.string(), {"--dry-run"});
  INFO(json_errors.out << json_errors.err);
  CHECK(json_errors.exit_code == 1);
  CHECK(contains(json_errors.err, "bad.json: /1/title: missing"));
  CHECK(contains(json_errors.err, "bad.json: /1/link: not an http:// or https:// address"));
  CHECK(contains(json_errors.err, "1 row has errors (listed above), so nothing would be imported. Fix it"));

  auto missing = import(config, (dir / "nope.csv").string());
  CHECK(missing.exit_code == 1);
  CHECK(contains(missing.err, "nothing imported: no resource in"));
}

TEST_CASE("import resources refuses kindly while a server holds the data directory", "[integration][resources][import]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  child_process server({binary(), "serve", "--config", config.string(), "--port", "0", "--port-file", (dir / "port").string()},
                       dir / "server.log");
  REQUIRE(wait_for_port_file(dir / "port") != 0);
  const auto csv = fixture("school_resources.json");
  auto busy = import(config, csv);
  CHECK(busy.exit_code == 1);
  CHECK(contains(busy.err, "is in use by a running commonsbot (it holds the lock)"));
  CHECK(contains(busy.err, "stop the server, run this again"));
  auto dry = import(config, csv, {"--dry-run"});  // reads without the lock
  INFO(dry.out << dry.err);
  CHECK(dry.exit_code == 0);
  CHECK(contains(dry.out, "dry run: would import 2 (2 new, 0 updated), skipped 0"));
}
