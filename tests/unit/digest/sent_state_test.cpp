// The "digest_sent" record: the watermark moves up, never down, ids stay bounded, bad dates
// are named, and it survives JSON or reads as nothing when damaged.
#include "digest/sent_state.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot::digest;

TEST_CASE("record_sent moves the watermark up, never down, and keeps the newest ids", "[digest][sent]") {
  sent_state s;
  record_sent(s, {}, "2026-03-10", 1000);
  CHECK(s == sent_state{});  // an empty digest changes nothing
  record_sent(s, {"r1", "r2"}, "2026-03-10", 1000);
  CHECK(s.sent == std::vector<std::string>{"r1", "r2"});
  CHECK(s.last_sent_added == "2026-03-10");
  CHECK(s.last_sent_ms == 1000);
  record_sent(s, {"r2", "r3"}, "2026-03-01", 2000);  // an older item, found late
  CHECK(s.sent == std::vector<std::string>{"r1", "r2", "r3"});
  CHECK(s.last_sent_added == "2026-03-10");
  CHECK(s.digests == 2);
  CHECK(s.items == 4);
  for (int i = 0; i < 600; ++i) record_sent(s, {"x" + std::to_string(i)}, "2026-03-11", 3000);
  CHECK(s.sent.size() == max_sent);
  CHECK(s.sent.back() == "x599");
  CHECK(check(s).empty());
}

TEST_CASE("normalise keeps the newest sent ids, check names a bad watermark", "[digest][sent]") {
  sent_state s;
  for (int i = 0; i < 600; ++i) s.sent.push_back("r" + std::to_string(i));
  CHECK(check(s).size() == 1);
  normalise(s);
  REQUIRE(s.sent.size() == max_sent);
  CHECK(s.sent.front() == "r100");
  CHECK(s.sent.back() == "r599");
  s.last_sent_added = "2026-02-30";
  CHECK(check(s) == std::vector<std::string>{"last_sent_added: not a YYYY-MM-DD date"});
}

TEST_CASE("a sent state survives JSON, damaged records read as nothing", "[digest][sent]") {
  const sent_state s{99, "2026-03-10", {"r1"}, 1, 1};
  const nlohmann::json j = s;
  CHECK(read_sent(nlohmann::json::parse(j.dump())) == s);
  CHECK(read_sent(nlohmann::json::object()) == sent_state{});
  CHECK_FALSE(read_sent(nlohmann::json{{"sent", "r1"}}));
  CHECK_FALSE(read_sent(nlohmann::json::array()));
}
