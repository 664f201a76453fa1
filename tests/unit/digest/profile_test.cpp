// The interest profile record: defaults (opt-in), reading what people type, bounds, and JSON
// that survives a round trip or a damaged record, or comes from before "digest_sent" (the
// watermark itself: sent_state_test.cpp).
#include "digest/profile.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot::digest;

TEST_CASE("a new profile is not subscribed and reads areas and years as people write them", "[digest][profile]") {
  const profile p = new_profile("school", "slack:U1", {"maths", "health_pe", "Science", "science"}, {"NE-2", "5", "Year 9", "14"});
  CHECK_FALSE(p.subscribed);
  CHECK(p.frequency == frequency::weekly);
  CHECK(p.learning_areas == std::vector<std::string>{"Mathematics and Statistics", "Health and Physical Education", "Science"});
  CHECK(p.year_levels == std::vector<int>{0, 1, 2, 5});  // "Year 9" and "14" are not labels
  CHECK(profile_key("school", "slack:U1") == "school/slack:U1");
  CHECK(check(p).empty());
}

TEST_CASE("normalise trims and de-duplicates words and bounds feedback", "[digest][profile]") {
  profile p = new_profile("school", "console:ana");
  p.keywords = {" te reo ", "Te Reo", "", "robotics"};
  p.interests = {"picture books", "picture books"};
  p.year_levels = {6, 5, 5, 20, -1};
  for (int i = 0; i < 150; ++i) p.feedback["word:w" + std::to_string(i)] = i / 100.0 + 0.01;
  normalise(p);
  CHECK(p.keywords == std::vector<std::string>{"te reo", "robotics"});
  CHECK(p.interests == std::vector<std::string>{"picture books"});
  CHECK(p.year_levels == std::vector<int>{5, 6});
  REQUIRE(p.feedback.size() == max_feedback_terms);
  CHECK_FALSE(p.feedback.contains("word:w0"));  // the weakest forgotten
  CHECK(p.feedback.contains("word:w149"));
}

TEST_CASE("check says what is wrong in words", "[digest][profile]") {
  profile p = new_profile("school", "console:ana");
  p.weekday = 0;
  p.time = "8am";
  p.year_levels = {14};
  p.keywords.assign(25, "x");
  const auto problems = check(p);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0] == "weekday: use 1 (Monday) to 7 (Sunday)");
  CHECK(problems[1] == "time: use HH:MM, e.g. 08:00");
  CHECK(problems[2] == "year_levels: 14 is not a year level (NE, 1-13)");
  CHECK(problems[3] == "keywords: at most 20, please");
}

TEST_CASE("frequencies read in any case", "[digest][profile]") {
  CHECK(parse_frequency(" Fortnightly ") == frequency::fortnightly);
  CHECK(parse_frequency("off") == frequency::off);
  CHECK_FALSE(parse_frequency("daily"));
  CHECK(frequency_name(frequency::monthly) == "monthly");
}

TEST_CASE("a profile survives JSON, suggestion and feedback included", "[digest][profile]") {
  profile p = new_profile("school", "slack:U1", {"science"}, {"5"});
  p.subscribed = true;
  p.keywords = {"te reo"};
  p.interests = {"robotics"};
  p.frequency = frequency::fortnightly;
  p.weekday = 3;
  p.time = "07:30";
  p.zone = "Pacific/Auckland";
  p.suggested = suggestion{"slack:U9", "Mere", 42, {"English"}, {7, 8}, {"poetry"}, {"slam"}};
  p.feedback = {{"area:science", 0.5}, {"word:volcano", -1.0}};
  p.counts = {1, 0, 2};
  const nlohmann::json j = p;
  CHECK(j["frequency"] == "fortnightly");
  CHECK_FALSE(j.contains("sent"));  // what sending changes is in "digest_sent"
  CHECK_FALSE(j.contains("last_sent_added"));
  CHECK(j.get<profile>() == p);
  CHECK(read_profile(nlohmann::json::parse(j.dump())) == p);
}

TEST_CASE("missing fields take their defaults, damaged records read as nothing", "[digest][profile]") {
  const auto p = read_profile(nlohmann::json{{"person", "console:ana"}});
  REQUIRE(p);
  CHECK_FALSE(p->subscribed);
  CHECK(p->time == "08:00");
  CHECK_FALSE(p->suggested);
  CHECK_FALSE(read_profile(nlohmann::json{{"year_levels", "five"}}));
  CHECK_FALSE(read_profile(nlohmann::json::array()));
  CHECK(read_profile(nlohmann::json{{"frequency", "hourly"}})->frequency == frequency::weekly);
}

TEST_CASE("a profile from before digest_sent keeps its sent fields through a read and a write", "[digest][profile]") {
  const auto old = nlohmann::json::parse(R"({
    "tenant": "school", "person": "console:ana", "subscribed": true, "learning_areas": ["Science"],
    "feedback": {"area:science": 0.5}, "last_sent_ms": 99, "last_sent_added": "2026-03-10",
    "sent": ["r1", "r2"], "counts": {"digests": 2, "items": 3, "useful": 1, "not_for_me": 0, "more_like_this": 0}})");
  auto p = read_profile(old);
  REQUIRE(p);
  REQUIRE(p->legacy_sent);
  CHECK(*p->legacy_sent == sent_state{99, "2026-03-10", {"r1", "r2"}, 2, 3});
  CHECK(p->counts == counters{1, 0, 0});
  p->feedback["word:volcano"] = 1.0;  // a chat write: the old watermark must not be lost
  const nlohmann::json again = *p;
  CHECK(again["last_sent_added"] == "2026-03-10");
  CHECK(again["sent"] == nlohmann::json{"r1", "r2"});
  CHECK(again["counts"]["digests"] == 2);
  CHECK(again["counts"]["useful"] == 1);
  CHECK(read_profile(again) == p);

  SECTION("a profile that never had a digest carries nothing") {
    auto never = old;
    never["last_sent_ms"] = 0;
    never["last_sent_added"] = "";
    never["sent"] = nlohmann::json::array();
    never["counts"]["digests"] = 0;
    never["counts"]["items"] = 0;
    CHECK_FALSE(read_profile(never)->legacy_sent);
    CHECK_FALSE(nlohmann::json(*read_profile(never)).contains("sent"));
  }
  SECTION("sent fields of the wrong type make the record unreadable, as any other field") {
    auto bad = old;
    bad["sent"] = "r1";
    CHECK_FALSE(read_profile(bad));
  }
}
