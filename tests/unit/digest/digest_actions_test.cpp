// The digest commands and buttons, as conversations over the collab test world.
#include "digest/profile_records.hpp"
#include "unit/digest/digest_fixture.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using namespace commonsbot::test::digest_test;

TEST_CASE("every digest flow routes every outcome of its actions") {
  school s;
  s.check({"subscribe", "unsubscribe", "digest"},
          [](const flows::problem& p) { return has(p.file, "digest") || has(p.file, "subscribe"); });
}

TEST_CASE("a teacher subscribes, with bad answers asked again, and confirms") {
  school s;
  auto out = s.say("Mere", "/library subscribe");
  CHECK(has(out, "Let's set up your digest"));
  CHECK(has(out, "Right now: none yet."));
  out = s.say("Mere", "Science, potions");
  CHECK(has(out, "I don't know a learning area called \"potions\". For example: science, maths"));
  out = s.say("Mere", "science, maths");
  CHECK(has(out, "Which year levels? Right now: any year."));
  out = s.say("Mere", "Year 15");
  CHECK(has(out, "\"15\" isn't a year level I know. Use 1 to 13"));
  s.say("Mere", "5-6");
  out = s.say("Mere", "volcanoes, te reo");
  CHECK(has(out, "How often would you like it?"));
  s.say("Mere", "1");
  out = s.say("Mere", "2");
  CHECK(has(out, "What time of day?"));
  out = s.say("Mere", "25 o'clock");
  CHECK(has(out, "I couldn't read \"25 o'clock\" as a time. Type a time like 8am"));
  CHECK_FALSE(s.profile_of("Mere"));  // nothing written before "yes"
  out = s.say("Mere", "7:45am");
  CHECK(has(out, "Learning areas: Mathematics and Statistics, Science"));
  CHECK(has(out, "Year levels: 5-6"));
  CHECK(has(out, "Topics: volcanoes, te reo"));
  CHECK(has(out, "When: every Tuesday at 7:45am"));
  out = s.say("Mere", "yes");
  CHECK(has(out, "You're signed up. Your first digest comes every Tuesday at 7:45am."));
  auto p = s.profile_of("Mere");
  REQUIRE(p);
  CHECK(p->subscribed);
  CHECK(p->learning_areas == std::vector<std::string>{"Mathematics and Statistics", "Science"});
  CHECK(p->year_levels == std::vector<int>{5, 6});
  CHECK(p->keywords == std::vector<std::string>{"volcanoes", "te reo"});
  CHECK(p->weekday == 2);
  CHECK(p->time == "07:45");
  CHECK(p->frequency == digest::frequency::weekly);

  // "skip" keeps what's there; "no" at the end changes nothing.
  out = s.say("Mere", "/library subscribe");
  CHECK(has(out, "Right now: Mathematics and Statistics, Science."));
  s.say("Mere", "skip");
  s.say("Mere", "skip");
  s.say("Mere", "skip");
  s.say("Mere", "monthly");
  s.say("Mere", "Friday");
  out = s.say("Mere", "3pm");
  CHECK(has(out, "When: the first Friday of the month at 3pm"));
  out = s.say("Mere", "no");
  CHECK(has(out, "I haven't changed anything."));
  CHECK(s.profile_of("Mere")->frequency == digest::frequency::weekly);

  // Opting out, twice.
  out = s.say("Mere", "/library subscribe off");
  CHECK(has(out, "Done: no more digests. Changed your mind? /library subscribe"));
  CHECK_FALSE(s.profile_of("Mere")->subscribed);
  out = s.say("Mere", "/library unsubscribe");
  CHECK(has(out, "You're not signed up for digests, so there's nothing to stop."));
}

TEST_CASE("choosing 'off' as the frequency opts out") {
  school s;
  s.say("Mere", "/library subscribe off");
  CHECK_FALSE(s.profile_of("Mere"));  // nothing to stop: nothing written
  s.say("Mere", "/library subscribe");
  s.say("Mere", "science");
  s.say("Mere", "skip");
  s.say("Mere", "skip");
  auto out = s.say("Mere", "4");
  CHECK(has(out, "You're not signed up for digests"));
  CHECK_FALSE(s.in_flow("Mere"));
}

TEST_CASE("the preview shows matching new resources and marks nothing sent") {
  school s;
  auto out = s.say("Mere", "/library digest");
  CHECK(has(out, "I don't know what you teach yet"));
  CHECK_FALSE(s.in_flow("Mere"));

  s.say("Mere", "/library subscribe");
  s.say("Mere", "science");
  s.say("Mere", "5");
  s.say("Mere", "none");
  s.say("Mere", "weekly");
  s.say("Mere", "Monday");
  s.say("Mere", "8am");
  s.say("Mere", "yes");
  const auto before = s.profile_of("Mere");

  out = s.say("Mere", "/library digest");
  CHECK(has(out, "Kia ora Mere, here's one new thing in the library that suits your classes."));
  CHECK(has(out, "*1. Volcanoes of Aotearoa*"));
  CHECK(has(out, "Why: because you teach Year 5 science."));
  CHECK(has(out, "This is a preview: it doesn't count as a digest."));
  CHECK(has(out, "1. Useful (1)"));
  CHECK(has(out, "4. Unsubscribe"));
  CHECK(has(out, "5. Done"));
  CHECK_FALSE(has(out, "Fractions with food"));
  CHECK(s.profile_of("Mere") == before);  // a preview changes nothing

  out = s.say("Mere", "1");
  CHECK(has(out, "Thanks, more like that next time."));
  CHECK_FALSE(has(out, "Useful (1)"));  // rated: its buttons leave the list
  CHECK(has(out, "1. Unsubscribe"));
  CHECK(s.profile_of("Mere")->counts.useful == 1);
  out = s.say("Mere", "done");
  CHECK(has(out, "Ka pai. Your feedback is saved."));
  CHECK_FALSE(s.in_flow("Mere"));
}

TEST_CASE("'not for me' and 'more like this' change the next preview") {
  school s;
  s.say("Mere", "/library subscribe");
  s.say("Mere", "science, maths");
  s.say("Mere", "5");
  s.say("Mere", "none");
  s.say("Mere", "weekly");
  s.say("Mere", "1");
  s.say("Mere", "8am");
  s.say("Mere", "yes");
  auto out = s.say("Mere", "/library digest");
  // The newer fractions book comes first ...
  CHECK(out.find("Fractions with food") < out.find("Volcanoes of Aotearoa"));
  s.say("Mere", "cancel");

  // Not for me on the fractions book (a record button, as on a sent digest): the thanks
  // comes as a new message, the digest is left alone.
  s.say("Mere", "", "do:digest.feedback|not_for_me|r3");
  CHECK(s.last.empty());
  CHECK(has(s.inbox_text("mere"), "Got it, fewer like that from now on."));
  CHECK(s.profile_of("Mere")->counts.not_for_me == 1);
  out = s.say("Mere", "/library digest");  // ... until Mere says it's not for her
  CHECK(out.find("Volcanoes of Aotearoa") < out.find("Fractions with food"));
  s.say("Mere", "cancel");
  CHECK_FALSE(has(out, "Te reo at play"));

  // More like this on the te reo book brings it in, though Mere doesn't teach languages.
  s.say("Mere", "", "do:digest.feedback|more_like_this|r2");
  CHECK(has(s.inbox_text("mere"), "Will do: I'll look out for more like \"Te reo at play\"."));
  out = s.say("Mere", "/library digest");
  CHECK(has(out, "Te reo at play"));

  // A button for a resource that has gone.
  s.say("Mere", "", "do:digest.feedback|useful|r404");
  CHECK(has(s.inbox_text("mere"), "I can't find that resource any more"));
}

TEST_CASE("the unsubscribe button opts out, with the way back") {
  school s;
  s.say("Mere", "/library subscribe");
  s.say("Mere", "science");
  s.say("Mere", "skip");
  s.say("Mere", "skip");
  s.say("Mere", "1");
  s.say("Mere", "1");
  s.say("Mere", "8am");
  s.say("Mere", "yes");
  s.say("Mere", "", "do:digest.unsubscribe|");
  CHECK_FALSE(s.profile_of("Mere")->subscribed);
  CHECK(has(s.inbox_text("mere"), "Done: no more digests. Changed your mind? /library subscribe turns them back on."));
}

TEST_CASE("library staff suggest a digest, only the teacher can take it up") {
  school s;
  auto out = s.say("Mere", "/library subscribe suggest @Aroha science");
  CHECK(has(out, "Only library staff can suggest a digest to someone. You can set up your own with /library subscribe."));
  CHECK_FALSE(s.profile_of("Aroha"));

  out = s.say("Aroha", "/library subscribe suggest @Mere");
  CHECK(has(out, "Tell me who and what, like: /library subscribe suggest @Mere science, maths"));
  out = s.say("Aroha", "/library subscribe suggest @Nobody science");
  CHECK(has(out, "I couldn't find \"@Nobody\"."));
  out = s.say("Aroha", "/library subscribe suggest @Mere science, potions");
  CHECK(has(out, "I don't know a learning area called \"potions\"."));

  out = s.say("Aroha", "/library subscribe suggest @Mere science, maths");
  CHECK(has(out, "I've suggested a Mathematics and Statistics, Science digest to Mere. They'll get it once they say yes."));
  auto p = s.profile_of("Mere");
  REQUIRE(p);
  CHECK_FALSE(p->subscribed);  // opt-in: nothing until Mere says yes
  REQUIRE(p->suggested);
  CHECK(p->suggested->by == s.aroha);
  const std::string notice = s.inbox_text("mere");
  CHECK(has(notice, "Aroha from the library suggests a digest of new Mathematics and Statistics, Science resources for you."));
  CHECK(has(notice, "1. Yes, use it"));
  REQUIRE(s.sent.back().message.choices.size() == 2);
  const std::string accept = s.sent.back().message.choices[0].id;
  CHECK(accept == "do:digest.suggestion_accept|" + s.mere);

  // Aroha pressing the forwarded button changes nothing.
  out = s.say("Aroha", "", accept);
  CHECK(has(out, "That suggestion was for someone else"));
  CHECK(s.profile_of("Mere")->suggested);

  out = s.say("Mere", "", accept);  // the reply takes the place of the suggestion
  CHECK(has(out, "Lovely, you're signed up for Mathematics and Statistics, Science, every Monday at 8am."));
  CHECK(has(s.inbox_text("aroha"), "Mere said yes to the digest you suggested."));
  p = s.profile_of("Mere");
  CHECK(p->subscribed);
  CHECK_FALSE(p->suggested);
  CHECK(p->learning_areas == std::vector<std::string>{"Mathematics and Statistics", "Science"});

  // Pressing it again: nothing waiting.
  out = s.say("Mere", "", accept);
  CHECK(has(out, "There's no digest suggestion waiting for you."));
}

TEST_CASE("a teacher declines a suggestion by command, a new subscribe starts from one") {
  school s;
  s.say("Aroha", "/library subscribe suggest @Mere technology");
  auto out = s.say("Mere", "/library subscribe decline");
  CHECK(has(out, "No worries, I won't sign you up."));
  CHECK(has(s.inbox_text("aroha"), "Mere said no thanks to the digest you suggested."));
  CHECK_FALSE(s.profile_of("Mere")->suggested);
  CHECK_FALSE(s.profile_of("Mere")->subscribed);

  s.say("Aroha", "/library subscribe suggest @Mere technology");
  out = s.say("Mere", "/library subscribe");
  CHECK(has(out, "Aroha suggested some settings for you"));
  CHECK(has(out, "Right now: Technology."));
}

TEST_CASE("times read the ways people type them") {
  using digest::parse_time;
  CHECK(parse_time("8am") == "08:00");
  CHECK(parse_time("8") == "08:00");
  CHECK(parse_time("8:30") == "08:30");
  CHECK(parse_time("3:30 p.m.") == "15:30");
  CHECK(parse_time("12pm") == "12:00");
  CHECK(parse_time("12am") == "00:00");
  CHECK(parse_time("15:45") == "15:45");
  CHECK_FALSE(parse_time("13pm"));
  CHECK_FALSE(parse_time("24:00"));
  CHECK_FALSE(parse_time("8:5"));
  CHECK_FALSE(parse_time("half past eight"));
  CHECK_FALSE(parse_time(""));
  CHECK(digest::friendly_time("08:00") == "8am");
  CHECK(digest::friendly_time("15:30") == "3:30pm");
  CHECK(digest::friendly_time("00:15") == "12:15am");
}
