// Scripted console conversations for /library meetings: library staff add a meeting (a bad
// time asked again, back, and a restart in the middle), everyone lists it, a teacher is told
// who can change meetings, cancel saves nothing, and remove takes it off.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::test;

TEST_CASE("library staff add a meeting across a restart, list it and remove it", "[integration][console][meetings]") {
  temp_dir dir;
  const auto config = write_test_config(dir);

  // Aroha is library staff by the config's seed roles. She starts adding, goes back a step,
  // and the chat ends part-way through.
  auto first = chat(config, "Aroha", "",
                    "/library meetings\n"
                    "/library meetings add Years 5-6 syndicate\n"
                    "1\n"
                    "English and Science\n"
                    "back\n"
                    "English and Science\n"
                    "5-6\n"
                    "skip\n"
                    "Tuesday\n");
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(contains(first.out, "No planning meetings are set up yet. Add one with /library meetings add"));
  CHECK(contains(first.out, "you> /library meetings add Years 5-6 syndicate\nbot> What sort of meeting is it?"));
  CHECK(contains(first.out, "you> back\nbot> Which learning areas does it plan for?"));
  CHECK(contains(first.out, "Who from the library goes?"));
  CHECK(contains(first.out, "How often?"));

  // A new process picks the meeting up at the question it stopped on; a bad time is asked
  // again with a hint.
  auto second = chat(config, "Aroha", "",
                     "1\n"
                     "half eight\n"
                     "8:15am\n"
                     "Pacific/Auckland\n"
                     "skip\n"
                     "Library\n"
                     "1\n"
                     "2\n"
                     "yes\n"
                     "/library meetings\n");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "you> 1\nbot> What time does it start?"));
  CHECK(contains(second.out, "I couldn't read \"half eight\" as a time. Type a time like 8:15am, 3:30pm or 15:30."));
  CHECK(contains(second.out, "Which time zone is that in?"));
  CHECK(contains(second.out, "When should I nudge people?"));
  CHECK(contains(second.out, "1. The school's usual: the day before at 3pm"));
  CHECK(contains(second.out, "Here's the meeting:"));
  CHECK(contains(second.out, "Saved as m1: Years 5-6 syndicate. I'll nudge people before each one."));
  const auto listed = after(second.out, "you> /library meetings\n", 0);
  CHECK(after(second.out, "Meetings I nudge people before (1):", listed) != std::string::npos);
  CHECK(after(second.out, "m1 \xC2\xB7 Years 5-6 syndicate", listed) != std::string::npos);
  CHECK(after(second.out, "When: Tuesdays 8:15am (Pacific/Auckland)", listed) != std::string::npos);
  CHECK(after(second.out, "Where: Library", listed) != std::string::npos);
  CHECK(after(second.out, "Plans for: Syndicate \xC2\xB7 English, Science \xC2\xB7 Years 5-6", listed) != std::string::npos);
  CHECK(after(second.out, "Who: the library team", listed) != std::string::npos);
  CHECK(after(second.out, "Next nudge: Monday ", listed) != std::string::npos);
  CHECK(after(second.out, "Set up: in chat by Aroha", listed) != std::string::npos);

  // A teacher sees the meeting but can't add or remove one.
  auto sam = chat(config, "Sam", "", "/library meetings add Science\n/library meetings remove m1\n/library meetings\n");
  INFO(sam.out << sam.err);
  CHECK(contains(sam.out, "Only library staff (or an admin) can add meetings. You're set up as teacher;"));
  CHECK(contains(sam.out, "Only library staff (or an admin) can remove meetings."));
  CHECK(contains(sam.out, "m1 \xC2\xB7 Years 5-6 syndicate"));

  // Aroha removes it (an unknown id is asked again first).
  auto removed = chat(config, "Aroha", "", "/library meetings remove m7\nm1\nyes\n/library meetings\n");
  INFO(removed.out << removed.err);
  CHECK(contains(removed.out, "I can't find meeting \"m7\". The meetings you can choose from: m1."));
  CHECK(contains(removed.out, "Remove this meeting? I'll stop nudging people before it."));
  CHECK(contains(removed.out, "Removed m1 (Years 5-6 syndicate). No more nudges for it."));
  CHECK(contains(removed.out, "No planning meetings are set up yet."));
}

TEST_CASE("cancel stops adding a meeting, and no at the end saves nothing", "[integration][console][meetings]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto r = chat(config, "Aroha", "",
                "/library meetings add Staff briefing\n3\ncancel\n"
                "/library meetings add Staff briefing\nstaff\nskip\nskip\nskip\nMon and Thu\n2\nnext week\n3:30pm\n"
                "Auckland\nno\nskip\n3\n2\nno\n"
                "/library meetings\n");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "No worries, I've stopped there. Start again any time with /library meetings."));
  CHECK(contains(r.out, "Is the next one this week or next week?"));
  CHECK(contains(r.out, "When: Mondays and Thursdays 3:30pm, every second week (Pacific/Auckland)"));
  CHECK(contains(r.out, "Nudges: 2 hours before"));
  CHECK(contains(r.out, "No problem, I haven't saved it."));
  CHECK(contains(r.out, "No planning meetings are set up yet."));
}
