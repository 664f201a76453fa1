// Scripted console conversations for /library profile, role, glossary and help: refusals,
// bad answers re-asked with a hint, back and cancel, a second locale, and resuming after the
// chat is restarted (a new process on the same data directory).
#include "support/console_session.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::test;

TEST_CASE("profile: change fields, bad answers re-asked, resume after a restart", "[integration][console][people]") {
  temp_dir dir;
  const auto config = write_test_config(dir);

  auto first = chat(config, "Mere", "",
                    "/library help\n/library profile\n1\nmaths, knitting\nmaths and science\n"
                    "2\n5-6\n4\nAtlantis\n");
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "Here's your profile, Mere:"));
  CHECK(contains(first.out, "Role: teacher (only an admin can change this)"));
  CHECK(contains(first.out, "5. Mathematics and Statistics"));
  CHECK(contains(first.out, "I don't know a learning area called \"knitting\". For example: maths, science or 1, 6."));
  CHECK(contains(first.out, "Saved: your learning areas are Mathematics and Statistics, Science."));
  CHECK(contains(first.out, "Saved: your year levels are 5-6."));
  CHECK(contains(first.out, "I couldn't find a time zone called \"Atlantis\". Try a big city near you"));

  // A new process picks up at the time zone question.
  auto second = chat(config, "Mere", "", "auckland\n3\nback\ndone\n/library profile\ncancel\n");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "Saved: your time zone is Pacific/Auckland."));
  CHECK(contains(second.out, "What topics or interests should I keep an eye out for?"));
  CHECK(contains(second.out, "Ka pai, all saved."));
  CHECK(contains(second.out, "Learning areas: Mathematics and Statistics, Science"));
  CHECK(contains(second.out, "Year levels: 5-6"));
  CHECK(contains(second.out, "Time zone: Pacific/Auckland"));
  CHECK(contains(second.out, "No worries, I've stopped there. Start again any time with /library profile."));
}

TEST_CASE("profile: a second language, with words it lacks falling back to en-NZ", "[integration][console][people]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto r = chat(config, "Olivia", "",
                "/library help\n/library profile language en-GB\ndone\n/library help\n/library glossary\ncancel\n");
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "Kia ora Olivia! Here's what you can do as teacher:"));
  CHECK(contains(r.out, "Saved: I'll talk with you in English (United Kingdom) from now on."));
  CHECK(contains(r.out, "Brilliant, all saved."));
  CHECK(contains(r.out, "Hello Olivia! Here's what you can do as teacher:"));        // en-GB
  CHECK(contains(r.out, "Type /library help <command> for more"));                   // fallback
  CHECK(contains(r.out, "Which term would you like explained?"));                    // fallback
  CHECK(contains(r.out, "No problem, I've stopped there."));                         // en-GB
}

TEST_CASE("role: admins only, a new person set up and told, resume after a restart", "[integration][console][people]") {
  temp_dir dir;
  const auto config = write_test_config(dir);

  auto teacher = chat(config, "Mere", "", "/library role @Sam library_staff\n");
  INFO(teacher.out << teacher.err);
  CHECK(contains(teacher.out, "/library role is for admin. You're set up as teacher"));

  auto admin = chat(config, "Ana", "admin", "/library role @Sam library_staff\nyes\n/library role\n@\n@Mere\n");
  INFO(admin.out << admin.err);
  CHECK(admin.exit_code == 0);
  CHECK(contains(admin.out, "Sam hasn't used the bot yet; I'll set them up with this role."));
  CHECK(contains(admin.out, "Make Sam library staff?"));
  CHECK(contains(admin.out, "Done: Sam is now library staff. I've let them know."));
  CHECK(contains(admin.out, "Who is the role for? Mention them, like @Aroha."));
  CHECK(contains(admin.out, "I couldn't find \"@\". Type @ and their name"));
  CHECK(contains(admin.out, "Which role should Mere have? (At the moment: teacher.)"));

  // Restarted: the admin's open question is still there.
  auto again = chat(config, "Ana", "", "4\nback\n3\nno\n");
  INFO(again.out << again.err);
  CHECK(contains(again.out, "Make Mere admin?"));
  CHECK(contains(again.out, "Which role should Mere have?"));  // after back
  CHECK(contains(again.out, "Make Mere leader?"));
  CHECK(contains(again.out, "No worries, I haven't changed anything."));

  // Sam is told the next time they open the chat, and has the new role.
  auto sam = chat(config, "Sam", "", "/library starters\ncancel\n");
  INFO(sam.out << sam.err);
  CHECK(contains(sam.out, "While you were away (1):"));
  CHECK(contains(sam.out, "Kia ora Sam! Ana has set you up as library staff with the library bot."));
  CHECK(contains(sam.out, "Where will you be talking with teachers?"));
}

TEST_CASE("glossary: a term, the list, a bad pick re-asked, resume after a restart", "[integration][console][people]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto first = chat(config, "Mere", "", "/library glossary co-teaching\n/library glossary knitting\n99\n");
  INFO(first.out << first.err);
  CHECK(contains(first.out, "Co-teaching\n"));
  CHECK(contains(first.out, "Two educators sharing the teaching of one class."));
  CHECK(contains(first.out, "I don't have \"knitting\" in the glossary yet. Here's what I do have:"));
  CHECK(contains(first.out, "8. Current awareness"));
  CHECK(contains(first.out, "Please pick one of the options (a number from 1 to 12). Reply with a number from the list"));

  auto second = chat(config, "Mere", "", "8\n");
  INFO(second.out << second.err);
  CHECK(contains(second.out, "Keeping teachers up to date without them having to ask"));
}

TEST_CASE("help lists what each role can do", "[integration][console][people]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto teacher = chat(config, "Mere", "", "/library help\n/library help role\n");
  INFO(teacher.out);
  CHECK(contains(teacher.out, "/library book\n"));
  CHECK(contains(teacher.out, "/library profile [areas | years | interests | zone | days | language]"));
  CHECK(contains(teacher.out, "/library glossary [term]"));
  CHECK_FALSE(contains(teacher.out, "/library bookings\n"));
  CHECK(contains(teacher.out, "/library role @person <teacher | library_staff | leader | admin>"));
  CHECK(contains(teacher.out, "Give someone a role: teacher, library staff, leader or admin."));
  CHECK(contains(teacher.out, "/library role is for admin"));

  auto staff = chat(config, "Aroha", "", "/library help\n");  // library staff from the config's seed list
  INFO(staff.out);
  CHECK(contains(staff.out, "/library bookings\n"));
  CHECK_FALSE(contains(staff.out, "/library book\n"));
  CHECK_FALSE(contains(staff.out, "/library role @person"));

  auto admin = chat(config, "Ana", "admin", "/library help\n");
  INFO(admin.out);
  CHECK(contains(admin.out, "/library role @person"));
  CHECK(contains(admin.out, "/library book\n"));
  CHECK(contains(admin.out, "/library bookings\n"));
}
