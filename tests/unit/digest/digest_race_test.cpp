// Issue #8: the scheduled fire commits outside the chat pipeline's write guard, so it must not
// write what chat writes. A feedback click committed between a fire's read and its commit
// survives (the fire writes only "digest_sent"), and the fire's watermark survives the click
// (chat writes only "digest_profiles").
#include "digest/digest_fire.hpp"
#include "digest/digest_jobs.hpp"
#include "digest/feedback.hpp"
#include "unit/digest/digest_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace commonsbot;
using namespace commonsbot::test::digest_test;

namespace {

// The scheduler's fire for `person`'s digest job at `now_ms`: reads now, commits later.
store::transaction fire_for(school& s, const std::string& person, long long now_ms) {
  schedule::job j;
  j.id = digest::job_id(person);
  j.tenant = "school";
  j.kind = "digest";
  j.payload = {{"person", person}};
  schedule::fire f;
  f.id = j.id + "@x";
  f.of = &j;
  f.now_ms = now_ms;
  return digest::fire(s.ctx, s.db, f);
}

void put(school& s, std::string_view collection, const std::string& key, const nlohmann::json& value) {
  store::transaction t;
  t.put(std::string(collection), key, value);
  REQUIRE(s.db.commit(std::move(t)));
}

std::optional<digest::sent_state> sent_of(const school& s, const std::string& person) {
  auto j = s.db.get(digest::sent_collection, digest::profile_key("school", person));
  if (!j) return std::nullopt;
  return digest::read_sent(*j);
}

bool touches(const store::transaction& txn, std::string_view collection) {
  for (const auto& op : txn.operations())
    if (op.collection == collection) return true;
  return false;
}

}  // namespace

TEST_CASE("feedback given while a digest fire is under way is kept", "[digest][fire][race]") {
  school s;
  auto p = digest::new_profile("school", s.mere, {"science", "maths"}, {"5"});
  p.subscribed = true;
  put(s, digest::profiles_collection, digest::profile_key("school", s.mere), p);

  auto txn = fire_for(s, s.mere, s.now_ms);  // the fire has read Mere's profile ...
  CHECK_FALSE(touches(txn, digest::profiles_collection));
  s.say("Mere", "", "do:digest.feedback|useful|r1");  // ... she rates last week's volcano book ...
  REQUIRE(s.db.commit(std::move(txn)));  // ... and then the fire commits

  const auto after = s.profile_of("Mere");
  REQUIRE(after);
  CHECK(after->counts.useful == 1);
  CHECK(after->feedback.contains("area:science"));
  const auto sent = sent_of(s, s.mere);
  REQUIRE(sent);
  auto ids = sent->sent;
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"r1", "r3"});
  CHECK(sent->last_sent_added == "2025-03-05");
  CHECK(sent->digests == 1);

  // And the other way round: feedback after the fire leaves the watermark alone, so the next
  // fire finds nothing new.
  s.say("Mere", "", "do:digest.feedback|not_for_me|r3");
  CHECK(s.profile_of("Mere")->counts.not_for_me == 1);
  CHECK(sent_of(s, s.mere) == sent);
  CHECK(fire_for(s, s.mere, s.now_ms + 1000).empty());
}

TEST_CASE("feedback on a profile from before digest_sent keeps its watermark for the next digest",
          "[digest][fire][race]") {
  school s;
  // As an older bot stored it: the watermark and sent ids inside the profile.
  put(s, digest::profiles_collection, digest::profile_key("school", s.mere), nlohmann::json::parse(R"({
    "tenant": "school", "person": ")" + s.mere + R"(", "subscribed": true,
    "learning_areas": ["Science", "Mathematics and Statistics"], "year_levels": [5],
    "last_sent_ms": 1, "last_sent_added": "2025-03-03", "sent": ["r1"],
    "counts": {"digests": 1, "items": 1, "useful": 0, "not_for_me": 0, "more_like_this": 0}})"));

  auto txn = fire_for(s, s.mere, s.now_ms);
  s.say("Mere", "", "do:digest.feedback|more_like_this|r1");  // a chat write of the old record
  REQUIRE(s.db.commit(std::move(txn)));

  const auto after = s.profile_of("Mere");
  REQUIRE(after);
  CHECK(after->counts.more_like_this == 1);
  const auto sent = sent_of(s, s.mere);
  REQUIRE(sent);
  CHECK(sent->sent == std::vector<std::string>{"r1", "r3"});  // r1 not sent twice
  CHECK(sent->digests == 2);
  CHECK(sent->items == 2);
  CHECK(fire_for(s, s.mere, s.now_ms + 1000).empty());
}
