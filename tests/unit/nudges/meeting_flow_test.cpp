// /library meetings as conversations: adding (with bad answers re-asked), listing with the
// next nudge in the reader's zone, removing, and who may do what.
#include "meeting_fixture.hpp"

#include "meetings/meeting.hpp"

using namespace commonsbot;
using namespace commonsbot::test::meeting_test;

namespace {

// Adds "Years 5-6 syndicate" on Tuesdays at 8:15am in Auckland, as Aroha, answering the
// nudge question with `nudge` (a number) and then `extra` lines before the teachers question.
std::string add_syndicate(meeting_world& w, const std::string& nudge = "1", const std::vector<std::string>& extra = {}) {
  std::string out;
  for (const std::string line : {"/library meetings add Years 5-6 syndicate", "1", "English and Science", "5-6",
                                 "skip", "Tuesday", "1", "8:15am", "Pacific/Auckland", "skip", "Library"})
    out += w.say("Aroha", line);
  out += w.say("Aroha", nudge);
  for (const auto& e : extra) out += w.say("Aroha", e);
  out += w.say("Aroha", "2");
  return out;
}

}  // namespace

TEST_CASE("library staff add a weekly meeting and everyone sees it with its next nudge", "[nudges][meetings]") {
  meeting_world w;
  w.check({"meetings"}, [](const flows::problem& p) { return p.file.find("meetings") != std::string::npos; });
  w.add_person("Aroha", core::role::library_staff);
  w.add_person("Sam", core::role::teacher);

  CHECK(has(w.say("Aroha", "/library meetings"), "No planning meetings are set up yet. Add one with /library meetings add"));
  CHECK(has(w.say("Sam", "/library meetings"), "The library team can add them with /library meetings add."));

  const std::string preview = add_syndicate(w);
  CHECK(has(preview, "What sort of meeting is it?"));
  CHECK(has(preview, "Which time zone is that in? For example Pacific/Auckland"));
  CHECK(has(preview, "1. The school's usual: the day before at 3pm"));
  CHECK(has(preview, "Here's the meeting:"));
  CHECK(has(preview, "When: Tuesdays 8:15am (Pacific/Auckland)"));
  CHECK(has(preview, "Where: Library"));
  CHECK(has(preview, "Plans for: Syndicate \xC2\xB7 English, Science \xC2\xB7 Years 5-6"));
  CHECK(has(preview, "Who: the library team"));
  CHECK(has(preview, "Nudges: the day before at 3pm (the school's usual)"));
  // Monday 10 March, 14:00 in Auckland: the nudge for Tuesday's meeting is later today.
  CHECK(has(preview, "Next nudge: Monday 10 March, 3pm (Pacific/Auckland)"));
  CHECK(has(preview, "Save it?"));
  CHECK_FALSE(w.meeting("m1"));

  const std::string saved = w.say("Aroha", "yes");
  CHECK(has(saved, "Saved as m1: Years 5-6 syndicate. I'll nudge people before each one."));
  CHECK_FALSE(w.in_flow("Aroha"));
  CHECK(w.changed["school"] == 1);

  auto stored = w.meeting("m1");
  REQUIRE(stored);
  const auto m = stored->get<meetings::meeting>();
  CHECK(m.id == "m1");
  CHECK(m.tenant == "school");
  CHECK(m.kind == "syndicate");
  CHECK(m.plans_for.learning_areas == std::vector<std::string>{"english", "science"});
  CHECK(m.plans_for.year_levels == std::vector<std::string>{"5-6"});
  CHECK(m.attendees.empty());
  CHECK(m.when.every == schedule::recurrence::cadence::weekly);
  CHECK(m.when.weekdays == std::vector<int>{2});
  CHECK(m.when.hour == 8);
  CHECK(m.when.minute == 15);
  CHECK(m.when.zone == "Pacific/Auckland");
  CHECK_FALSE(m.school_terms_only);  // no calendar: skip means all year
  CHECK(m.nudges.empty());           // the school's usual
  CHECK(m.source == "chat");
  CHECK(m.created_by == "console:aroha");
  CHECK(m.created_ms == w.now_ms);
  CHECK(meetings::check(m).empty());

  // Sam (a teacher) sees it; his next-nudge time is in his own zone once he has one.
  core::person sam = *w.person("Sam");
  sam.time_zone = "Europe/London";
  store::transaction t;
  t.put("people", "school/" + sam.key(), sam);
  REQUIRE(w.db.commit(std::move(t)));
  const std::string list = w.say("Sam", "/library meetings");
  CHECK(has(list, "Meetings I nudge people before (1):"));
  CHECK(has(list, "m1 \xC2\xB7 Years 5-6 syndicate"));
  CHECK(has(list, "Next nudge: Monday 10 March, 2am (Europe/London)"));
  CHECK(has(list, "Set up: in chat by Aroha"));
}

TEST_CASE("bad meeting answers are asked again with a hint", "[nudges][meetings]") {
  meeting_world w;
  w.add_person("Aroha", core::role::library_staff);
  w.say("Aroha", "/library meetings add Staff briefing");
  w.say("Aroha", "3");
  CHECK(has(w.say("Aroha", "Underwater basket weaving"), "I couldn't match"));
  CHECK(w.session_of("Aroha").step == "areas");
  w.say("Aroha", "skip");
  const std::string years = w.say("Aroha", "Year 15");
  INFO(years);
  CHECK(has(years, "as a year level. Use numbers from 1 to 13"));
  w.say("Aroha", "skip");
  CHECK(has(w.say("Aroha", "@Nobody"), "I haven't met Nobody yet."));
  w.say("Aroha", "skip");
  CHECK(has(w.say("Aroha", "Tuesday and soon"), "I couldn't read \"soon\" as a day of the week. Type the days"));
  w.say("Aroha", "Mon and Thu");
  w.say("Aroha", "2");  // fortnightly
  CHECK(w.session_of("Aroha").step == "which_week");
  w.say("Aroha", "next week");
  CHECK(has(w.say("Aroha", "half eight"), "I couldn't read \"half eight\" as a time. Type a time like 8:15am"));
  CHECK(w.session_of("Aroha").step == "time");
  w.say("Aroha", "3:30pm");
  CHECK(has(w.say("Aroha", "skip"), "I need a time zone for this one"));
  CHECK(has(w.say("Aroha", "Atlantis"), "I don't know the time zone \"Atlantis\"."));
  w.say("Aroha", "Auckland");
  CHECK(has(w.say("Aroha", "maybe"), "\"maybe\" isn't a yes or a no."));
  w.say("Aroha", "yes");
  w.say("Aroha", "skip");
  CHECK(has(w.say("Aroha", "4"), "Type when, like 1d@15:00"));
  CHECK(has(w.say("Aroha", "whenever"), "I couldn't read \"whenever\" as a nudge time."));
  w.say("Aroha", "0d@08:00");
  const std::string preview = w.say("Aroha", "1");
  CHECK(has(preview, "When: Mondays and Thursdays 3:30pm, every second week (Pacific/Auckland), term time"));
  CHECK(has(preview, "Nudges: on the day at 8am, teachers too"));
  w.say("Aroha", "yes");
  auto m = w.meeting("m1")->get<meetings::meeting>();
  CHECK(m.kind == "staff");
  CHECK(m.when.every == schedule::recurrence::cadence::fortnightly);
  CHECK(m.when.weekdays == std::vector<int>{1, 4});
  CHECK(m.when.anchor == schedule::civil_date{2025, 3, 17});  // a week on from Monday 10 March
  CHECK(m.school_terms_only);
  REQUIRE(m.nudges.size() == 1);
  CHECK(meetings::to_string(m.nudges[0]) == "0d@08:00");
  CHECK(m.nudges[0].teachers);
}

TEST_CASE("teachers may look but not add or remove", "[nudges][meetings]") {
  meeting_world w;
  w.add_person("Sam", core::role::teacher);
  w.add_person("Hemi", core::role::leader);
  const std::string add = w.say("Sam", "/library meetings add Science");
  CHECK(has(add, "Only library staff (or an admin) can add meetings. You're set up as teacher;"));
  CHECK(has(add, "/library meetings"));
  CHECK_FALSE(w.in_flow("Sam"));
  CHECK(has(w.say("Hemi", "/library meetings remove m1"), "Only library staff (or an admin) can remove meetings."));
  CHECK(has(w.say("Sam", "/library meetings tomorrow"), "I'm not sure what \"tomorrow\" means here."));
}

TEST_CASE("the school's zone and calendar give the defaults", "[nudges][meetings]") {
  nudges::tenant_settings s;
  s.time_zone = "Pacific/Auckland";
  s.calendar.terms.push_back({{2025, 2, 3}, {2025, 4, 11}});
  s.rules.push_back(*meetings::parse_nudge_rule("2d@15:00"));
  meeting_world w(s);
  w.add_person("Aroha", core::role::library_staff);
  std::string out;
  for (const char* line : {"/library meetings add", "Science department", "department", "science", "skip", "@Aroha", "Wed",
                           "1", "15:30"})
    out += w.say("Aroha", line);
  CHECK(has(out, "Type skip to use Pacific/Auckland."));
  out = w.say("Aroha", "skip");
  CHECK(has(out, "skip means yes: I have the school's term dates"));
  out += w.say("Aroha", "skip");
  out += w.say("Aroha", "B12");
  CHECK(has(out, "1. The school's usual: 2 days before at 3pm"));
  out = w.say("Aroha", "1");
  out += w.say("Aroha", "yes");  // teachers too: the school's rule, for them as well
  CHECK(has(out, "Who: Aroha"));
  CHECK(has(out, "When: Wednesdays 3:30pm (Pacific/Auckland), term time"));
  CHECK(has(out, "Nudges: 2 days before at 3pm, teachers too"));
  CHECK(has(out, "Next nudge: Monday 10 March, 3pm (Pacific/Auckland)"));
  w.say("Aroha", "yes");
  REQUIRE(w.meeting("m1"));
  auto m = w.meeting("m1")->get<meetings::meeting>();
  CHECK(m.school_terms_only);
  CHECK(m.attendees == std::vector<std::string>{"console:aroha"});
  REQUIRE(m.nudges.size() == 1);
  CHECK(m.nudges[0].teachers);
}

TEST_CASE("remove takes a chat meeting off, but not one from the config or a calendar", "[nudges][meetings]") {
  meeting_world w;
  w.add_person("Aroha", core::role::library_staff);
  CHECK(has(w.say("Aroha", "/library meetings remove m1"), "There are no meetings to remove."));
  add_syndicate(w);
  w.say("Aroha", "yes");

  meetings::meeting from_config = w.meeting("m1")->get<meetings::meeting>();
  from_config.id = "m-staff";
  from_config.name = "Staff meeting";
  from_config.source = "config";
  meetings::meeting from_feed = from_config;
  from_feed.id = "ics-1a2b";
  from_feed.name = "Maths department";
  from_feed.source = "https://calendar.example/school.ics";
  store::transaction t;
  t.put("meetings", "school/m-staff", from_config);
  t.put("meetings", "school/ics-1a2b", from_feed);
  REQUIRE(w.db.commit(std::move(t)));

  CHECK(has(w.say("Aroha", "/library meetings remove m-staff"), "is set up in the bot's config, so I can't remove it here"));
  CHECK(has(w.say("Aroha", "/library meetings remove ics-1a2b"),
            "comes from the calendar https://calendar.example/school.ics. Change or cancel it in that calendar"));
  CHECK_FALSE(w.in_flow("Aroha"));

  const std::string asked = w.say("Aroha", "/library meetings remove");
  CHECK(has(asked, "Which meeting should I remove?"));
  CHECK(has(w.say("Aroha", "m9"), "I can't find meeting \"m9\". The meetings you can choose from: m1, ics-1a2b, m-staff."));
  CHECK(has(w.say("Aroha", "1"), "Remove this meeting?"));
  CHECK(has(w.say("Aroha", "no"), "I've left it as it is."));
  CHECK(w.meeting("m1"));

  const int before = w.changed["school"];
  CHECK(has(w.say("Aroha", "/library meetings remove M1"), "Remove this meeting?"));
  CHECK(has(w.say("Aroha", "yes"), "Removed m1 (Years 5-6 syndicate). No more nudges for it."));
  CHECK_FALSE(w.meeting("m1"));
  CHECK(w.changed["school"] == before + 1);

  // Ids keep counting: the next meeting added is m2.
  add_syndicate(w);
  CHECK(has(w.say("Aroha", "yes"), "Saved as m2"));
}

TEST_CASE("cancel and back work in the middle of adding", "[nudges][meetings]") {
  meeting_world w;
  w.add_person("Aroha", core::role::library_staff);
  w.say("Aroha", "/library meetings add Junior syndicate");
  w.say("Aroha", "1");
  CHECK(has(w.say("Aroha", "back"), "What sort of meeting is it?"));
  CHECK(has(w.say("Aroha", "cancel"), "No worries, I've stopped there. Start again any time with /library meetings."));
  CHECK_FALSE(w.in_flow("Aroha"));
  CHECK(w.db.count("meetings") == 0);
}
