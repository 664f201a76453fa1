// Feedback: "useful", "not for me" and "more like this" change the next digest, fade over
// time and stay bounded.
#include "digest_support.hpp"

#include "digest/feedback.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using namespace commonsbot::digest;
using digest::testkit::res;
using digest::testkit::teacher;

TEST_CASE("a resource's features are its areas, keyword words and format", "[digest][feedback]") {
  const auto r = res("r", "T", {"Science", "maths"}, {5}, {"Volcanoes", "te reo"}, "2026-03-10", "Video");
  CHECK(features_of(*r) == std::vector<std::string>{"area:science", "area:mathematics and statistics", "word:volcano",
                                                    "word:te", "word:reo", "format:video"});
  CHECK(parse_verdict("not_for_me") == verdict::not_for_me);
  CHECK_FALSE(parse_verdict("meh"));
  CHECK(verdict_name(verdict::more_like_this) == "more_like_this");
}

TEST_CASE("'not for me' pushes similar items down the next digest", "[digest][feedback]") {
  const auto worksheet = res("ws1", "Worksheet pack", {"Science"}, {5}, {"worksheets"}, "2026-03-01", "printable");
  const matcher m({res("ws2", "More worksheets", {"Science"}, {5}, {"worksheets"}, "2026-03-10", "printable"),
                   res("video", "Forces video", {"Science"}, {5}, {"forces"}, "2026-03-08", "video")});
  profile p = teacher({"science"}, {5});
  CHECK(m.match(p).ids() == std::vector<std::string>{"ws2", "video"});  // newer first when equal
  apply(p, *worksheet, verdict::not_for_me);
  CHECK(p.counts.not_for_me == 1);
  CHECK(p.feedback.at("word:worksheet") == Approx(-1.0));
  CHECK(m.match(p).ids() == std::vector<std::string>{"video", "ws2"});
  apply(p, *worksheet, verdict::not_for_me);
  apply(p, *worksheet, verdict::not_for_me);
  CHECK(m.match(p).ids() == std::vector<std::string>{"video"});  // scored below the minimum now
}

TEST_CASE("'useful' lifts items sharing the resource's features", "[digest][feedback]") {
  const auto liked = res("l", "Poems", {"English"}, {5}, {"poetry"}, "2026-03-01", "book");
  const matcher m({res("a", "Stories", {"English"}, {5}, {"novels"}, "2026-03-10"),
                   res("b", "Poems aloud", {"English"}, {5}, {"poetry"}, "2026-03-02")});
  profile p = teacher({"english"}, {5});
  CHECK(m.match(p).ids() == std::vector<std::string>{"a", "b"});
  apply(p, *liked, verdict::useful);
  CHECK(p.counts.useful == 1);
  CHECK(m.match(p).ids() == std::vector<std::string>{"b", "a"});
}

TEST_CASE("'more like this' follows the resource's words, even outside the profile", "[digest][feedback]") {
  const auto rover = res("rover", "Mars rover kit", {"Technology"}, {5}, {"robotics"}, "2026-03-01", "kit");
  const matcher m({res("bot", "Line-following robots", {"Technology"}, {5}, {"robotics"}, "2026-03-10", "kit"),
                   res("sci", "Plants", {"Science"}, {5}, {}, "2026-03-10")});
  profile p = teacher({"science"}, {5});
  CHECK(m.match(p).ids() == std::vector<std::string>{"sci"});
  apply(p, *rover, verdict::more_like_this);
  CHECK(p.counts.more_like_this == 1);
  const auto d = m.match(p);
  REQUIRE(d.ids().size() == 2);
  CHECK(d.ids()[0] == "bot");
  const pick& bot = d.groups[0].picks[0];
  CHECK(bot.reason == std::vector<reason_part>{{reason_part::kind::liked, {"robotic"}}});
}

TEST_CASE("weights are bounded and fade as newer verdicts come", "[digest][feedback]") {
  const auto a = res("a", "A", {"Science"}, {5}, {"volcano"});
  const auto b = res("b", "B", {"English"}, {5}, {"poetry"});
  profile p = teacher({"science"}, {5});
  for (int i = 0; i < 20; ++i) apply(p, *a, verdict::more_like_this);
  CHECK(p.feedback.at("word:volcano") == Approx(max_weight));
  const double before = p.feedback.at("word:volcano");
  apply(p, *b, verdict::useful);
  CHECK(p.feedback.at("word:volcano") == Approx(before * decay));
  for (int i = 0; i < 60; ++i) apply(p, *b, verdict::useful);
  CHECK_FALSE(p.feedback.contains("word:volcano"));  // faded out entirely
  for (int i = 0; i < 80; ++i) apply(p, *res("x" + std::to_string(i), "X", {}, {}, {"k" + std::to_string(i), "j" + std::to_string(i)}), verdict::useful);
  CHECK(p.feedback.size() <= max_feedback_terms);
}
