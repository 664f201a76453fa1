// /library profile: the field readers (year levels, learning areas, interests, time zones),
// the person record staying backwards compatible, and whole conversations.
#include "collab/profile_fields.hpp"
#include "collab/profile_zones.hpp"
#include "people_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace commonsbot;
using namespace commonsbot::collab;
using namespace commonsbot::collab::people;
using commonsbot::test::people_area::has;
using commonsbot::test::people_area::people_fixture;

TEST_CASE("year levels: single, ranges, new entrants and the words around them", "[profile]") {
  CHECK(parse_year_level("5") == "5");
  CHECK(parse_year_level("Year 5") == "5");
  CHECK(parse_year_level("Y5-6") == "5-6");
  CHECK(parse_year_level("yr 7 to 8") == "7-8");
  CHECK(parse_year_level("0") == "NE");
  CHECK(parse_year_level("NE-2") == "NE-2");
  CHECK(parse_year_level("6-6") == "6");
  CHECK_FALSE(parse_year_level("14"));
  CHECK_FALSE(parse_year_level("8-5"));
  CHECK_FALSE(parse_year_level("fish"));

  auto many = parse_year_levels("Years 7 and 5, new entrants; 9-10");
  CHECK(many.bad.empty());
  CHECK(many.levels == std::vector<std::string>{"NE", "5", "7", "9-10"});
  CHECK(parse_year_levels("5 5 y5").levels == std::vector<std::string>{"5"});
  CHECK(parse_year_levels("5 - 6").levels == std::vector<std::string>{"5-6"});
  auto bad = parse_year_levels("5, 6, 15");
  CHECK(bad.bad == "15");
}

TEST_CASE("learning areas are found by name, alias or number", "[profile]") {
  people_fixture f;
  const auto areas = learning_areas_of(f.words, f.reg.messages(), "en-NZ");
  REQUIRE(areas.size() == 8);
  CHECK(areas[0].label == "English");

  CHECK(match_learning_areas("maths, science", areas).ids == std::vector<std::string>{"maths", "science"});
  CHECK(match_learning_areas("Health and Physical Education", areas).ids == std::vector<std::string>{"health_pe"});
  CHECK(match_learning_areas("the arts and history", areas).ids == std::vector<std::string>{"arts", "social_sciences"});
  CHECK(match_learning_areas("Te Reo Māori", areas).ids == std::vector<std::string>{"languages"});
  CHECK(match_learning_areas("1 5", areas).ids == std::vector<std::string>{"english", "maths"});
  CHECK(match_learning_areas("PE; stats; pe", areas).ids == std::vector<std::string>{"health_pe", "maths"});
  auto bad = match_learning_areas("maths, knitting", areas);
  CHECK(bad.bad == "knitting");
  CHECK(area_labels({"maths", "arts"}, areas) == "Mathematics and Statistics, The Arts");
}

TEST_CASE("interests are split, trimmed and kept short", "[profile]") {
  auto got = parse_interests(" robotics, Te reo; picture books\nROBOTICS ");
  CHECK(got.problem.empty());
  CHECK(got.interests == std::vector<std::string>{"robotics", "Te reo", "picture books"});
  CHECK(parse_interests(std::string(61, 'a')).problem == "too_long");
  CHECK(parse_interests("a,b,c,d,e,f,g,h,i,j,k,l,m").problem == "too_many");
  CHECK(is_clear_word(" None "));
  CHECK_FALSE(is_clear_word("nonesuch"));
}

TEST_CASE("time zones are matched against the names the system knows", "[profile]") {
  const std::vector<std::string> known{"America/New_York", "Europe/London", "Pacific/Auckland", "Pacific/Chatham", "UTC"};
  CHECK(match_time_zone("Pacific/Auckland", known) == "Pacific/Auckland");
  CHECK(match_time_zone("pacific/auckland", known) == "Pacific/Auckland");
  CHECK(match_time_zone("auckland", known) == "Pacific/Auckland");
  CHECK(match_time_zone("America/New York", known) == "America/New_York");
  CHECK(match_time_zone("NZ", known) == "Pacific/Auckland");
  CHECK(match_time_zone("gmt", known) == "UTC");
  CHECK_FALSE(match_time_zone("Pacific/Atlantis", known));
  CHECK_FALSE(match_time_zone("Mars", known));
  CHECK_FALSE(match_time_zone("", known));
  // Without zone data only UTC can be trusted.
  CHECK(match_time_zone("UTC", {}) == "UTC");
  CHECK_FALSE(match_time_zone("Pacific/Auckland", {}));
}

TEST_CASE("zone rules give the offset in force at a moment", "[profile]") {
  zone_rules r;
  r.initial = 12 * 3600;
  r.at = {1000, 2000};
  r.offset = {13 * 3600, 12 * 3600};
  CHECK(r.offset_at(0) == 12 * 3600);
  CHECK(r.offset_at(1000) == 13 * 3600);
  CHECK(r.offset_at(1999) == 13 * 3600);
  CHECK(r.offset_at(5000) == 12 * 3600);
  CHECK_FALSE(parse_tzif("not a zone file"));
  CHECK_FALSE(parse_tzif(std::string("TZif2") + std::string(10, '\0')));
}

TEST_CASE("the system's zone files read with daylight saving", "[profile]") {
  const std::filesystem::path file = "/usr/share/zoneinfo/Pacific/Auckland";
  if (!std::filesystem::exists(file)) {
    WARN("no zone data on this machine; skipped");
    return;
  }
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto rules = parse_tzif(bytes);
  REQUIRE(rules);
  CHECK(rules->offset_at(1736942400) == 13 * 3600);  // 2025-01-15: summer, NZDT
  CHECK(rules->offset_at(1752580800) == 12 * 3600);  // 2025-07-15: winter, NZST
  const auto& system = time_zones::system();
  CHECK(match_time_zone("Auckland", system.names()) == "Pacific/Auckland");
  CHECK_FALSE(std::count(system.names().begin(), system.names().end(), "posix/Pacific/Auckland"));
}

TEST_CASE("person records keep interests and still read without them", "[profile]") {
  core::person p;
  p.tenant = "school";
  p.platform = "slack";
  p.user_id = "U1";
  p.interests = {"robotics", "poetry"};
  nlohmann::json j = p;
  CHECK(j["interests"] == nlohmann::json::array({"robotics", "poetry"}));
  CHECK(j.get<core::person>().interests == p.interests);
  j.erase("interests");  // a record from before interests existed
  CHECK(j.get<core::person>().interests.empty());
}

TEST_CASE("a profile conversation: show, change, bad answers re-asked, done", "[profile]") {
  people_fixture f;
  f.add_person("Mere", core::role::teacher);

  auto out = f.say("Mere", "/library profile");
  CHECK(has(out, "Here's your profile, Mere:"));
  CHECK(has(out, "Role: teacher (only an admin can change this)"));
  CHECK(has(out, "Time zone: not set yet"));
  CHECK(has(out, "Language: English (New Zealand)"));
  CHECK(has(out, "What would you like to change?"));

  out = f.say("Mere", "1");
  CHECK(has(out, "Which learning areas"));
  CHECK(has(out, "5. Mathematics and Statistics"));
  out = f.say("Mere", "maths, knitting");
  CHECK(has(out, "I don't know a learning area called \"knitting\". For example: maths, science or 1, 6."));
  CHECK(has(out, "Which learning areas"));
  out = f.say("Mere", "maths and science");
  CHECK(has(out, "Saved: your learning areas are Mathematics and Statistics, Science."));
  CHECK(f.person("Mere")->learning_areas == std::vector<std::string>{"maths", "science"});

  out = f.say("Mere", "years");
  out = f.say("Mere", "5 and 16");
  CHECK(has(out, "\"16\" isn't a year level I know. Use 1 to 13"));
  out = f.say("Mere", "Years 5-6");
  CHECK(has(out, "Saved: your year levels are 5-6."));

  f.say("Mere", "interests");
  out = f.say("Mere", "robotics, picture books");
  CHECK(has(out, "Saved: your interests are robotics, picture books."));

  f.say("Mere", "zone");
  out = f.say("Mere", "Atlantis");
  CHECK(has(out, "I couldn't find a time zone called \"Atlantis\". Try a big city"));
  out = f.say("Mere", "auckland");
  CHECK(has(out, "Saved: your time zone is Pacific/Auckland."));

  // "back" returns to the question before, "cancel" stops without losing what was saved.
  f.say("Mere", "zone");
  out = f.say("Mere", "back");
  CHECK(has(out, "What would you like to change?"));
  out = f.say("Mere", "cancel");
  CHECK(has(out, "No worries, I've stopped there."));
  CHECK_FALSE(f.in_flow("Mere"));

  const auto me = *f.person("Mere");
  CHECK(me.year_levels == std::vector<std::string>{"5-6"});
  CHECK(me.interests == std::vector<std::string>{"robotics", "picture books"});
  CHECK(me.time_zone == "Pacific/Auckland");
  CHECK(me.role == core::role::teacher);  // untouched

  out = f.say("Mere", "/library profile zone none");
  CHECK(has(out, "Done: I've cleared your time zone"));
  out = f.say("Mere", "done");
  CHECK(has(out, "Ka pai, all saved."));
  CHECK(f.person("Mere")->time_zone.empty());
}

TEST_CASE("a command can change one field in one go", "[profile]") {
  people_fixture f;
  f.add_person("Sam", core::role::library_staff);
  auto out = f.say("Sam", "/library profile zone America/New York");
  CHECK(has(out, "Saved: your time zone is America/New_York."));
  CHECK(has(out, "What would you like to change?"));  // still open for more
  CHECK(f.person("Sam")->time_zone == "America/New_York");
}

TEST_CASE("a second locale: chosen in the profile, its words shown, missing ones fall back", "[profile][locale]") {
  people_fixture f;
  f.add_person("Olivia", core::role::teacher);
  f.say("Olivia", "/library profile");
  f.say("Olivia", "language");
  auto out = f.say("Olivia", "2");
  CHECK(has(out, "Saved: I'll talk with you in English (United Kingdom) from now on."));
  CHECK(f.person("Olivia")->locale == "en-GB");
  out = f.say("Olivia", "done");
  CHECK(has(out, "Brilliant, all saved."));  // en-GB has this key

  // In the help: the intro is translated, the footer (not in en-GB) falls back to en-NZ.
  const auto& m = f.reg.messages();
  CHECK(m.text("en-GB", "help.intro", {{"name", "Olivia"}, {"role", "teacher"}}) ==
        "Hello Olivia! Here's what you can do as teacher:");
  CHECK(m.text("en-NZ", "help.intro", {{"name", "Olivia"}, {"role", "teacher"}}) ==
        "Kia ora Olivia! Here's what you can do as teacher:");
  CHECK(m.text("en-GB", "help.footer") == m.text("en-NZ", "help.footer"));
  CHECK(m.text("en-GB", "booking.year_ne") == "Reception");

  out = f.say("Olivia", "/library help");
  CHECK(has(out, "Hello Olivia! Here's what you can do as teacher:"));          // en-GB
  CHECK(has(out, "Type /library help <command> for more"));                     // en-NZ fallback

  out = f.say("Olivia", "/library profile");
  CHECK(has(out, "Language: English (United Kingdom)"));
  out = f.say("Olivia", "cancel");
  CHECK(has(out, "No problem, I've stopped there."));  // translated
}
