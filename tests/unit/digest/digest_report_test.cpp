// The digest's place in the collab report and on /library profile (both read the
// digest_profiles records as JSON; the report also the digest_sent records).
#include "collab/report.hpp"
#include "digest/feedback.hpp"
#include "unit/digest/digest_fixture.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using namespace commonsbot::test::digest_test;

namespace {

void put(school& s, const digest::profile& p) {
  store::transaction t;
  t.put(std::string(digest::profiles_collection), digest::profile_key(p.tenant, p.person), p);
  REQUIRE(s.db.commit(std::move(t)));
}

void put_sent(school& s, const digest::profile& p, const digest::sent_state& sent) {
  store::transaction t;
  t.put(std::string(digest::sent_collection), digest::profile_key(p.tenant, p.person), sent);
  REQUIRE(s.db.commit(std::move(t)));
}

}  // namespace

TEST_CASE("the report sums digest reach and feedback for library staff", "[collab][report][digest]") {
  school s;
  collab::period term;
  term.from = "2025-01-01";
  term.to = "2025-04-30";
  {  // no digest profiles: no section, and JSON and CSV as before
    const auto r = collab::build_report(collab::gather_report(s.view, "school", term), nullptr, s.reg.messages(), "en-NZ");
    CHECK_FALSE(r.digests.any);
    CHECK_FALSE(collab::to_json(r).contains("digests"));
    CHECK_FALSE(has(collab::to_csv(r), "digests"));
  }
  auto mere = digest::new_profile("school", s.mere, {"science"});
  mere.subscribed = true;
  digest::sent_state mere_sent;
  digest::record_sent(mere_sent, {"r1", "r3"}, "2025-03-05", commonsbot::test::collab_test::monday_ms);
  digest::apply(mere, *s.resources.find("school", "r1"), digest::verdict::useful);
  digest::apply(mere, *s.resources.find("school", "r3"), digest::verdict::not_for_me);
  put(s, mere);
  put_sent(s, mere, mere_sent);
  // Sam opted out after one digest, before "digest_sent": his profile still holds the totals.
  auto sam = digest::new_profile("school", "console:sam", {"maths"});
  sam.legacy_sent = digest::sent_state{};
  digest::record_sent(*sam.legacy_sent, {"r3"}, "2025-03-05", commonsbot::test::collab_test::monday_ms);
  digest::apply(sam, *s.resources.find("school", "r3"), digest::verdict::more_like_this);
  put(s, sam);
  // Tama's profile is stale from before the split (one digest); his sent record (two) wins.
  auto tama = digest::new_profile("school", "console:tama", {"science"});
  tama.legacy_sent = digest::sent_state{};
  digest::record_sent(*tama.legacy_sent, {"r1"}, "2025-03-03", commonsbot::test::collab_test::monday_ms);
  digest::sent_state tama_sent = *tama.legacy_sent;
  digest::record_sent(tama_sent, {"r3"}, "2025-03-05", commonsbot::test::collab_test::monday_ms);
  put(s, tama);
  put_sent(s, tama, tama_sent);
  store::transaction junk;  // an unreadable record is skipped
  junk.put(std::string(digest::profiles_collection), "school/console:x", nlohmann::json("not a profile"));
  REQUIRE(s.db.commit(std::move(junk)));

  const auto r = collab::build_report(collab::gather_report(s.view, "school", term), nullptr, s.reg.messages(), "en-NZ");
  CHECK(r.digests == collab::digest_reach{true, 1, 4, 5, 1, 1, 1});
  const std::string text = core::plain_text(collab::to_message(r, s.reg.messages(), "en-NZ"));
  CHECK(has(text, "*Current-awareness digests*\nTeachers signed up now: 1. Since digests began: 4 digests sent with 5 "
                  "resources; teachers marked 1 useful, 1 not for them and asked for more like 1."));
  CHECK(collab::to_json(r)["digests"] == nlohmann::json{{"subscribers", 1}, {"digests_sent", 4}, {"items_sent", 5},
                                                        {"useful", 1}, {"not_for_me", 1}, {"more_like_this", 1}});
  CHECK(has(collab::to_csv(r), "digests,subscribers,,1\r\ndigests,digests_sent,,4\r\n"));
}

TEST_CASE("/library profile shows the digest setting", "[collab][profile][digest]") {
  school s;
  collab::register_actions(s.actions, s.services);
  auto out = s.say("Mere", "/library profile");
  CHECK(has(out, "Digest of new resources: off (/library subscribe to sign up)"));
  s.say("Mere", "cancel");
  s.say("Mere", "/library subscribe");
  s.say("Mere", "science");
  s.say("Mere", "skip");
  s.say("Mere", "skip");
  s.say("Mere", "fortnightly");
  s.say("Mere", "Thursday");
  s.say("Mere", "3:15pm");
  s.say("Mere", "yes");
  out = s.say("Mere", "/library profile");
  CHECK(has(out, "Digest of new resources: every second Thursday at 3:15pm (/library subscribe to change it)"));
}
