// Scripted console conversations for digests: a teacher subscribes (bad answers asked
// again, back, a restart part-way), previews a digest from the sample catalogue, says one
// item is useful and unsubscribes; library staff suggest a digest, a teacher may not.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::test;

TEST_CASE("a teacher subscribes, previews a digest, gives feedback and unsubscribes", "[integration][console][digest]") {
  temp_dir dir;
  const auto config = write_test_config(dir);

  // A teacher may not suggest digests to others; then she starts subscribing, with a bad
  // area and a bad year level asked again, and stops part-way.
  auto first = chat(config, "Mere", "",
                    "/library subscribe suggest @Aroha science\n"
                    "/library subscribe\n"
                    "science, potions\n"
                    "science\n"
                    "Year 15\n"
                    "5\n");
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "Only library staff can suggest a digest to someone. You can set up your own with /library subscribe."));
  CHECK(contains(first.out, "Let's set up your digest"));
  CHECK(contains(first.out, "I don't know a learning area called \"potions\". For example: science, maths"));
  CHECK(contains(first.out, "\"15\" isn't a year level I know. Use 1 to 13"));
  CHECK(contains(first.out, "Any topics or keywords to watch for? Right now: none yet."));

  // A new process carries on at the topics question; "back" steps back one.
  auto second = chat(config, "Mere", "",
                     "birds\n"
                     "back\n"
                     "birds, kiwi\n"
                     "weekly\n"
                     "Monday\n"
                     "half past eight\n"
                     "8:30am\n"
                     "yes\n"
                     "/library digest\n"
                     "1\n"
                     "done\n"
                     "/library digest\n"
                     "cancel\n"
                     "/library unsubscribe\n"
                     "/library subscribe off\n");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "you> back\nbot> Any topics or keywords to watch for? Right now: birds."));
  CHECK(contains(second.out, "I couldn't read \"half past eight\" as a time. Type a time like 8am, 7:45 or 15:30."));
  CHECK(contains(second.out, "Learning areas: Science"));
  CHECK(contains(second.out, "Year levels: 5"));
  CHECK(contains(second.out, "Topics: birds, kiwi"));
  CHECK(contains(second.out, "When: every Monday at 8:30am"));
  CHECK(contains(second.out, "You're signed up. Your first digest comes every Monday at 8:30am."));
  // The sample catalogue has nothing from the last 30 days, so the first preview shows the
  // closest matches already in the library.
  const auto preview = after(second.out, "you> /library digest", 0);
  CHECK(after(second.out, "Nothing's been added in the last 30 days that fits your classes, Mere, so here are the "
                          "closest matches already in the library.", preview) != std::string::npos);
  CHECK(after(second.out, "1. Native Birds of New Zealand Field Guide", preview) != std::string::npos);
  CHECK(after(second.out, "Why: because you teach Year 5 science and you follow 'birds' and 'kiwi'.", preview) !=
        std::string::npos);
  CHECK(after(second.out, "  1. Useful (1)", preview) != std::string::npos);
  CHECK(after(second.out, "This is a preview: it doesn't count as a digest.", preview) != std::string::npos);
  CHECK(contains(second.out, "you> 1\nbot> Thanks, more like that next time."));
  CHECK(contains(second.out, "Ka pai. Your feedback is saved."));
  CHECK(contains(second.out, "No worries, I've stopped there. Start again any time with /library digest."));
  CHECK(contains(second.out, "you> /library unsubscribe\nbot> Done: no more digests. Changed your mind? /library subscribe turns them back on."));
  CHECK(contains(second.out, "you> /library subscribe off\nbot> You're not signed up for digests, so there's nothing to stop."));
}

TEST_CASE("library staff suggest a digest and the teacher accepts it", "[integration][console][digest]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  auto hello = chat(config, "Mere", "", "/library help\n");
  REQUIRE(hello.exit_code == 0);

  auto aroha = chat(config, "Aroha", "", "/library subscribe suggest @Mere science, maths\n");
  INFO(aroha.out << aroha.err);
  CHECK(contains(aroha.out, "I've suggested a Mathematics and Statistics, Science digest to Mere. They'll get it once they say yes."));

  auto mere = chat(config, "Mere", "", "/library subscribe accept\n/library subscribe accept\n");
  INFO(mere.out << mere.err);
  CHECK(contains(mere.out, "Aroha from the library suggests a digest of new Mathematics and Statistics, Science resources for you."));
  CHECK(contains(mere.out, "Lovely, you're signed up for Mathematics and Statistics, Science, every Monday at 8am."));
  CHECK(contains(mere.out, "There's no digest suggestion waiting for you."));

  auto back = chat(config, "Aroha", "", "/library help\n");
  INFO(back.out << back.err);
  CHECK(contains(back.out, "Mere said yes to the digest you suggested."));
}
