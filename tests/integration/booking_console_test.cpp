// Scripted console conversations for /library book and /library bookings: a teacher books
// (with bad answers re-asked, back, cancel and a restart in the middle), the library staff
// member sees the card in their own chat session and answers, and the teacher hears back.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::test;

TEST_CASE("a teacher books the library and library staff answer in their own session", "[integration][console][booking]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  // Aroha (library staff in the config's seed list) has used the bot before, so she's known.
  auto hello = chat(config, "Aroha", "", "/library help\n");
  REQUIRE(hello.exit_code == 0);

  auto first = chat(config, "Mere", "", "/library bookings\n/library book\nsomeday\ntomorrow\nhalf ten\n10:30\n");
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "/library bookings is for library staff. You're set up as teacher"));
  CHECK(contains(first.out, "Let's book the library."));
  CHECK(contains(first.out, "I couldn't read \"someday\" as a date. Try a day like Friday"));
  CHECK(contains(first.out, "I couldn't read \"half ten\" as a time. For example: 10:30"));
  CHECK(contains(first.out, "Which year level is the class?"));

  // Restarted in the middle: the booking carries on from the year level.
  auto second = chat(config, "Mere", "",
                     "Year 5\n5R\nfind two reliable sources on native birds for their inquiry\nskip\n"
                     "non-fiction on native birds\nyes\n");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "• Class: Year 5 5R"));
  CHECK(contains(second.out, ", 10:30\n"));
  CHECK(contains(second.out, "• Lesson plan: none given"));
  CHECK(contains(second.out, "• Resource needs: non-fiction on native birds"));
  CHECK(contains(second.out, "Sent to the library team (b1)."));

  auto staff = chat(config, "Aroha", "", "/library book\n/library bookings\n1\nsoon\n1\n");
  INFO(staff.out << staff.err);
  CHECK(staff.exit_code == 0);
  CHECK(contains(staff.out, "While you were away (1):"));
  CHECK(contains(staff.out, "New library booking from Mere (b1):"));
  CHECK(contains(staff.out, "Purpose: find two reliable sources on native birds"));
  CHECK(contains(staff.out, "  1. Ready\n  2. Need to talk"));
  CHECK(contains(staff.out, "/library book is for teacher. You're set up as library staff"));
  CHECK(contains(staff.out, "Upcoming library bookings (1):"));
  CHECK(contains(staff.out, "Status: waiting for an answer"));
  CHECK(contains(staff.out, "What's your answer?"));
  CHECK(contains(staff.out, "Please pick one of the options (a number from 1 to 2)."));
  CHECK(contains(staff.out, "Thanks! I've let Mere know you're ready for b1."));

  auto back = chat(config, "Mere", "", "");
  INFO(back.out << back.err);
  CHECK(contains(back.out, "While you were away (1):"));
  CHECK(contains(back.out, "Good news, Mere: Aroha is ready for your library visit on"));
  CHECK(contains(back.out, "(Year 5 5R, b1)."));

  auto list = chat(config, "Aroha", "", "/library bookings\nnot now\n");
  INFO(list.out);
  CHECK(contains(list.out, "Status: ready (Aroha)"));
  CHECK(contains(list.out, "Type /library bookings any time"));
}

TEST_CASE("a booking can be stepped back through, declined at the end, or cancelled", "[integration][console][booking]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto r = chat(config, "Mere", "",
                "/library book\ntomorrow\nback\ntomorrow\nperiod 2\nNE\nRoom 1\nbooks\n"
                "choose a picture book to share with a buddy\nskip\nskip\nmaybe\nno\n"
                "/library book\ncancel\n/library bookings\n");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "What time, or which period?\n"));
  CHECK(contains(r.out, "That's a bit short"));
  CHECK(contains(r.out, "• Class: New entrants Room 1"));
  CHECK(contains(r.out, "Please answer yes or no."));
  CHECK(contains(r.out, "No worries, I haven't sent anything."));
  CHECK(contains(r.out, "No worries, I've stopped there. Start again any time with /library book."));

  auto staff = chat(config, "Aroha", "", "/library bookings\n");
  INFO(staff.out);
  CHECK(contains(staff.out, "There are no upcoming library bookings."));
  CHECK_FALSE(contains(staff.out, "While you were away"));
}
