// /library role: reading mentions on each platform, finding people, and the admin-only
// conversation that changes a role and tells the person.
#include "collab/people_records.hpp"
#include "collab/role_mentions.hpp"
#include "people_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::collab;
using namespace commonsbot::collab::people;
using commonsbot::test::people_area::has;
using commonsbot::test::people_area::people_fixture;

TEST_CASE("mentions are read the way each platform sends them", "[role]") {
  auto slack = parse_mention("<@U123|mere>", "slack");
  REQUIRE(slack);
  CHECK(slack->user_id == "U123");
  CHECK(slack->name == "mere");
  CHECK(parse_mention("<@U9>", "slack")->user_id == "U9");
  auto plain = parse_mention("@Mere", "slack");
  CHECK(plain->user_id.empty());
  CHECK(plain->name == "Mere");
  auto console = parse_mention("@Mere Smith", "console");
  CHECK(console->user_id == "mere-smith");
  CHECK(console->name == "Mere Smith");
  CHECK(parse_mention("@mere:school.nz", "matrix")->user_id == "@mere:school.nz");
  CHECK(parse_mention("<at>Mere Smith</at>", "teams")->name == "Mere Smith");
  CHECK_FALSE(parse_mention("  ", "slack"));
  CHECK_FALSE(parse_mention("<@>", "slack"));
  CHECK_FALSE(parse_mention("@", "console"));
  CHECK(console_user_id("Aroha T.") == "aroha-t-");
}

TEST_CASE("a mention resolves by id, then by name, else a new person", "[role]") {
  core::person asker;
  asker.tenant = "school";
  asker.platform = "slack";
  core::person mere = asker, other_school = asker, teams = asker;
  mere.user_id = "U1";
  mere.display_name = "Mere";
  other_school.tenant = "elsewhere";
  other_school.user_id = "U2";
  other_school.display_name = "Tama";
  teams.platform = "teams";
  teams.user_id = "T3";
  teams.display_name = "Tama";
  const std::vector<core::person> people{mere, other_school, teams};

  auto by_id = resolve_mention({"U1", ""}, people, asker);
  REQUIRE(by_id);
  CHECK(by_id->known);
  CHECK(by_id->person.display_name == "Mere");
  auto by_name = resolve_mention({"", "mere"}, people, asker);
  REQUIRE(by_name);
  CHECK(by_name->person.user_id == "U1");
  CHECK_FALSE(resolve_mention({"", "Tama"}, people, asker));  // other school, other platform
  auto fresh = resolve_mention({"U7", "tama"}, people, asker);
  REQUIRE(fresh);
  CHECK_FALSE(fresh->known);
  CHECK(fresh->person.user_id == "U7");
  CHECK(fresh->person.tenant == "school");

  auto twin = mere;
  twin.user_id = "U8";
  CHECK_FALSE(resolve_mention({"", "Mere"}, {mere, twin}, asker));  // ambiguous names need an id
}

TEST_CASE("only admins may give roles, and the refusal says who can", "[role]") {
  people_fixture f;
  f.add_person("Sam", core::role::library_staff);
  auto out = f.say("Sam", "/library role @Mere teacher");
  CHECK(has(out, "/library role is for admin. You're set up as library staff"));
  CHECK_FALSE(f.in_flow("Sam"));
}

TEST_CASE("an admin gives a known person a role in one command", "[role]") {
  people_fixture f;
  f.add_person("Ana", core::role::admin);
  f.add_person("Sam", core::role::teacher, "en-GB");
  auto out = f.say("Ana", "/library role @Sam library_staff");
  CHECK(has(out, "Make Sam library staff?"));
  out = f.say("Ana", "yes");
  CHECK(has(out, "Done: Sam is now library staff. I've let them know."));
  CHECK(f.person("Sam")->role == core::role::library_staff);
  CHECK(f.person("Sam")->locale == "en-GB");  // the rest of the record is kept
  REQUIRE(f.inbox["sam"].size() == 1);
  // Told in their own language.
  CHECK(f.inbox["sam"][0].text == "Hello Sam! Ana has set you up as library staff with the library bot. Type /library help to see what you can do.");

  f.say("Ana", "/library role @sam library");
  out = f.say("Ana", "yes");
  CHECK(has(out, "Sam is already library staff, so nothing needed changing."));
  CHECK(f.inbox["sam"].size() == 1);
}

TEST_CASE("someone the bot hasn't met gets a record with their role", "[role]") {
  people_fixture f;
  f.add_person("Ana", core::role::admin);
  auto out = f.say("Ana", "/library role @Hemi Walker leader");
  CHECK(has(out, "Hemi Walker hasn't used the bot yet"));
  out = f.say("Ana", "y");
  CHECK(has(out, "Hemi Walker is now leader"));
  auto hemi = collab::find_person(f.view, "school", "console:hemi-walker");
  REQUIRE(hemi);
  CHECK(hemi->role == core::role::leader);
  CHECK(hemi->display_name == "Hemi Walker");
  REQUIRE(f.inbox["hemi-walker"].size() == 1);
  CHECK(has(f.inbox["hemi-walker"][0].text, "Kia ora Hemi Walker! Ana has set you up as leader"));
}

TEST_CASE("the role conversation asks what the command left out, re-asks, and can be stopped", "[role]") {
  people_fixture f;
  f.add_person("Ana", core::role::admin);
  f.add_person("Sam", core::role::teacher);
  auto out = f.say("Ana", "/library role");
  CHECK(has(out, "Who is the role for?"));
  out = f.say("Ana", "@");
  CHECK(has(out, "I couldn't find \"@\". Type @ and their name"));
  CHECK(has(out, "Who is the role for?"));
  out = f.say("Ana", "@Sam");
  CHECK(has(out, "Which role should Sam have? (At the moment: teacher.)"));
  out = f.say("Ana", "7");
  CHECK(has(out, "Please pick one of the options"));
  out = f.say("Ana", "2");
  CHECK(has(out, "Make Sam library staff?"));
  out = f.say("Ana", "back");
  CHECK(has(out, "Which role should Sam have?"));
  out = f.say("Ana", "leader");
  out = f.say("Ana", "no");
  CHECK(has(out, "I haven't changed anything"));
  CHECK(f.person("Sam")->role == core::role::teacher);
  CHECK(f.inbox["sam"].empty());

  out = f.say("Ana", "/library role @Sam wizard");
  CHECK(has(out, "\"wizard\" isn't a role I know"));
  CHECK(has(out, "Which role should Sam have?"));
  out = f.say("Ana", "cancel");
  CHECK(has(out, "No worries, I've stopped there."));
}

TEST_CASE("an admin cannot take away their own admin role", "[role]") {
  people_fixture f;
  f.add_person("Ana", core::role::admin);
  f.say("Ana", "/library role @Ana teacher");
  auto out = f.say("Ana", "yes");
  CHECK(has(out, "You can't take away your own admin role"));
  CHECK(f.person("Ana")->role == core::role::admin);
}
