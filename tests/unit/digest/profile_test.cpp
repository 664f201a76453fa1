// The interest profile record: defaults (opt-in), reading what people type, bounds, the
// watermark, and JSON that survives a round trip or a damaged record.
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

TEST_CASE("normalise trims and de-duplicates words and bounds sent and feedback", "[digest][profile]") {
  profile p = new_profile("school", "console:ana");
  p.keywords = {" te reo ", "Te Reo", "", "robotics"};
  p.interests = {"picture books", "picture books"};
  p.year_levels = {6, 5, 5, 20, -1};
  for (int i = 0; i < 600; ++i) p.sent.push_back("r" + std::to_string(i));
  for (int i = 0; i < 150; ++i) p.feedback["word:w" + std::to_string(i)] = i / 100.0 + 0.01;
  normalise(p);
  CHECK(p.keywords == std::vector<std::string>{"te reo", "robotics"});
  CHECK(p.interests == std::vector<std::string>{"picture books"});
  CHECK(p.year_levels == std::vector<int>{5, 6});
  REQUIRE(p.sent.size() == max_sent);
  CHECK(p.sent.front() == "r100");  // the newest kept
  CHECK(p.sent.back() == "r599");
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
  p.last_sent_added = "2026-02-30";
  const auto problems = check(p);
  REQUIRE(problems.size() == 5);
  CHECK(problems[0] == "weekday: use 1 (Monday) to 7 (Sunday)");
  CHECK(problems[1] == "time: use HH:MM, e.g. 08:00");
  CHECK(problems[2] == "year_levels: 14 is not a year level (NE, 1-13)");
  CHECK(problems[3] == "keywords: at most 20, please");
  CHECK(problems[4] == "last_sent_added: not a YYYY-MM-DD date");
}

TEST_CASE("frequencies read in any case", "[digest][profile]") {
  CHECK(parse_frequency(" Fortnightly ") == frequency::fortnightly);
  CHECK(parse_frequency("off") == frequency::off);
  CHECK_FALSE(parse_frequency("daily"));
  CHECK(frequency_name(frequency::monthly) == "monthly");
}

TEST_CASE("record_sent moves the watermark up, never down, and keeps the newest ids", "[digest][profile]") {
  profile p = new_profile("school", "console:ana");
  record_sent(p, {}, "2026-03-10", 1000);
  CHECK(p.counts.digests == 0);  // an empty digest changes nothing
  CHECK(p.last_sent_added.empty());
  record_sent(p, {"r1", "r2"}, "2026-03-10", 1000);
  CHECK(p.sent == std::vector<std::string>{"r1", "r2"});
  CHECK(p.last_sent_added == "2026-03-10");
  CHECK(p.last_sent_ms == 1000);
  record_sent(p, {"r2", "r3"}, "2026-03-01", 2000);  // an older item, found late
  CHECK(p.sent == std::vector<std::string>{"r1", "r2", "r3"});
  CHECK(p.last_sent_added == "2026-03-10");
  CHECK(p.counts.digests == 2);
  CHECK(p.counts.items == 4);
  for (int i = 0; i < 600; ++i) record_sent(p, {"x" + std::to_string(i)}, "2026-03-11", 3000);
  CHECK(p.sent.size() == max_sent);
  CHECK(p.sent.back() == "x599");
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
  p.last_sent_ms = 99;
  p.last_sent_added = "2026-03-10";
  p.sent = {"r1"};
  p.counts = {1, 1, 1, 0, 0};
  const nlohmann::json j = p;
  CHECK(j["frequency"] == "fortnightly");
  CHECK(j.get<profile>() == p);
  CHECK(read_profile(nlohmann::json::parse(j.dump())) == p);
}

TEST_CASE("missing fields take their defaults; damaged records read as nothing", "[digest][profile]") {
  const auto p = read_profile(nlohmann::json{{"person", "console:ana"}});
  REQUIRE(p);
  CHECK_FALSE(p->subscribed);
  CHECK(p->time == "08:00");
  CHECK_FALSE(p->suggested);
  CHECK_FALSE(read_profile(nlohmann::json{{"year_levels", "five"}}));
  CHECK_FALSE(read_profile(nlohmann::json::array()));
  CHECK(read_profile(nlohmann::json{{"frequency", "hourly"}})->frequency == frequency::weekly);
}
