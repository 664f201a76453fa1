// nudges::fire for "nudge" jobs: who gets the nudge, what it says (built from the meeting,
// plans, checklist and catalogue), quiet hours that defer it, pauses and opt-outs that skip
// it (recorded all the same), and a fire id that never reaches anyone twice.
#include "nudge_fixture.hpp"

#include "nudges/nudge_content.hpp"

using namespace commonsbot;
using namespace commonsbot::test::nudges_test;

TEST_CASE("nudge: the content comes from the meeting, its group's plans and new resources", "[nudges][fire]") {
  school s;
  s.put_plan(s.plan("p1", "Fractions in the garden", {"Mathematics and Statistics"}, {"7"}, 1, 100));
  s.put_plan(s.plan("p2", "Waiata for Matariki", {"Learning Languages"}, {"9"}, 0, 200));   // not this group
  s.put_plan(s.plan("p3", "Persuasive writing", {"English"}, {"6"}, 6, 300));               // years overlap
  auto done = s.plan("p4", "Measurement trail", {"Mathematics and Statistics"}, {"5"}, 7, 400);
  done.status = collab::plan_status::reflected;                                             // finished
  s.put_plan(done);
  s.resources.set_shared({resource("Fraction strips kit", "maths", "2025-03-08"),
                          resource("Old times tables chart", "maths", "2025-01-20"),
                          resource("Volcano kit", "science", "2025-03-09")});

  auto txn = s.fire();
  const auto out = s.outbox();
  REQUIRE(out.size() == 1);  // Aroha; Mere is a teacher and the rule is library staff only
  CHECK(out[0].to.user_id == "aroha");
  CHECK(out[0].next_attempt_ms == fire_ms);
  const std::string text = core::plain_text(out[0].message);
  INFO(text);
  CHECK(has(text, "Before Years 5-6 syndicate on Tuesday 11 March, 8:15am\nWhere: Library"));
  CHECK(has(text, "*Conversation starters*"));
  CHECK(has(text, "*Open plans for this group*\n• Persuasive writing (p3, 6/7 ticked)"));
  CHECK(has(text, "• Fractions in the garden (p1, 1/7 ticked)\n   Still to do: "));
  CHECK(has(text, "and 3 more"));  // six unticked, three shown
  CHECK_FALSE(has(text, "Waiata"));
  CHECK_FALSE(has(text, "Measurement trail"));
  CHECK(has(text, "*New in the library since 4 March*\n• Fraction strips kit https://example.org/fraction-strips-kit"));
  CHECK_FALSE(has(text, "Old times tables"));
  CHECK_FALSE(has(text, "Volcano"));
  REQUIRE(out[0].message.choices.size() == 3);
  const std::string payload = std::string(fire_id) + "|" + s.aroha;
  CHECK(out[0].message.choices[0].id == "do:nudges.raise|" + payload);
  CHECK(out[0].message.choices[1].id == "do:nudges.snooze|" + payload);
  CHECK(out[0].message.choices[2].id == "do:nudges.skip|" + payload);
  CHECK(out[0].message.choices[0].label == "I'll raise it");

  auto rec = s.record(s.aroha);
  REQUIRE(rec);
  CHECK(rec->status == "sent");
  CHECK(rec->occurrence == "2025-03-11T08:15");
  CHECK(rec->zone == "Pacific/Auckland");
  CHECK(rec->meeting_ms == meeting_ms);
  CHECK(rec->message == out[0].message);
  CHECK_FALSE(s.record(s.mere));

  // The same fire again (a retried batch, a restart before progress was saved) sends nothing.
  CHECK(s.fire().empty());
  CHECK(s.outbox().size() == 1);
}

TEST_CASE("nudge: starters suit the meeting's kind and change from week to week", "[nudges][content]") {
  school s;
  const schedule::local_time week1{{2025, 3, 11}, 8, 15}, week2{{2025, 3, 18}, 8, 15};
  const auto a = nudges::starter_keys(s.words, s.m, week1);
  const auto b = nudges::starter_keys(s.words, s.m, week2);
  REQUIRE(a.size() == 3);
  REQUIRE(b.size() == 3);
  CHECK(a != b);
  CHECK(a[0].starts_with("nudges.starters.syndicate_"));
  CHECK(a[2].starts_with("nudges.starters.any_"));
  s.m.kind = "department";
  CHECK(nudges::starter_keys(s.words, s.m, week1)[0].starts_with("nudges.starters.department_"));
  s.m.kind = "something else";
  CHECK(nudges::starter_keys(s.words, s.m, week1)[0].starts_with("nudges.starters.other_"));
  // The group's words are filled in.
  s.put_meeting();
  s.fire();
  const std::string text = core::plain_text(s.outbox().at(0).message);
  CHECK_FALSE(has(text, "{area}"));
  CHECK_FALSE(has(text, "{team}"));
  CHECK(test::collab_test::count_of(text, "\n• ") >= 3);
}

TEST_CASE("nudge: quiet hours defer it to the end of the window", "[nudges][fire][quiet]") {
  school s;
  s.update_person("Aroha", [](core::person& p) {
    p.time_zone = "Pacific/Auckland";
    p.nudges.quiet_from = "14:00";
    p.nudges.quiet_to = "16:30";
  });
  s.fire();
  const auto out = s.outbox();
  REQUIRE(out.size() == 1);
  const long long end_of_quiet = fire_ms + 90LL * 60 * 1000;  // 16:30 NZDT
  CHECK(out[0].next_attempt_ms == end_of_quiet);
  auto rec = s.record(s.aroha);
  REQUIRE(rec);
  CHECK(rec->status == "deferred");
  CHECK(rec->at_ms == end_of_quiet);
  CHECK_FALSE(rec->reason.empty());
}

TEST_CASE("nudge: a pause or nudges off skip it, and the record says why", "[nudges][fire][skip]") {
  school s;
  s.m.attendees.clear();  // nobody listed: every library staff member
  s.put_meeting();
  s.update_person("Aroha", [](core::person& p) { p.nudges.paused_until = "2025-03-20"; });
  s.update_person("Sam", [](core::person& p) { p.nudges.off = true; });
  s.fire();
  CHECK(s.outbox().empty());
  auto a = s.record(s.aroha);
  auto b = s.record(s.sam);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->status == "skipped");
  CHECK(a->reason == "paused");
  CHECK(b->status == "skipped");
  CHECK(b->reason == "nudges_off");
  CHECK_FALSE(s.record(s.mere));  // teachers only when the rule says so
}

TEST_CASE("nudge: teachers too when the rule says so, unknown attendees are recorded", "[nudges][fire]") {
  school s;
  meetings::nudge_rule r = meetings::default_nudge_rule();
  r.teachers = true;
  s.m.nudges = {r};
  s.m.attendees.push_back("console:nobody");
  s.put_meeting();
  s.fire();
  CHECK(s.outbox().size() == 2);
  REQUIRE(s.record(s.mere));
  CHECK(s.record(s.mere)->status == "sent");
  auto ghost = s.record("console:nobody");
  REQUIRE(ghost);
  CHECK(ghost->reason == "unknown_person");
}

TEST_CASE("nudge: a meeting that is gone throws (logged and skipped by the scheduler)", "[nudges][fire]") {
  school s;
  s.job.payload["meeting"] = "m9";
  CHECK_THROWS(s.fire());
  s.job.kind = "mystery";
  CHECK_THROWS(s.fire());
}

TEST_CASE("nudge: an empty group lists the attendees' open plans, first meeting looks back 14 days",
          "[nudges][fire]") {
  school s;
  s.m.plans_for = {};
  s.m.created_ms = fire_ms - 2 * test::collab_test::day_ms;  // set up on Saturday: no meeting before
  s.put_meeting();
  auto other = s.plan("p9", "Someone else's unit", {"Science"}, {"3"}, 0, 50);
  other.partners = {"console:someone"};
  s.put_plan(other);
  s.put_plan(s.plan("p1", "Fractions in the garden", {"Mathematics and Statistics"}, {"7"}, 1, 100));
  s.fire();
  const std::string text = core::plain_text(s.outbox().at(0).message);
  INFO(text);
  CHECK(has(text, "Fractions in the garden"));
  CHECK_FALSE(has(text, "Someone else's unit"));
  CHECK_FALSE(has(text, "New in the library"));  // no learning areas: no resources
}

TEST_CASE("nudge: with many plans the lists stay capped", "[nudges][content]") {
  school s;
  for (int i = 1; i <= 6; ++i)
    s.put_plan(s.plan("p" + std::to_string(i), "Unit " + std::to_string(i), {"Mathematics and Statistics"}, {"5"}, 0, i));
  std::vector<catalogue::resource> lots;
  for (int i = 1; i <= 7; ++i) lots.push_back(resource("Kit " + std::to_string(i), "maths", "2025-03-0" + std::to_string(i + 2)));
  s.resources.set_shared(lots);
  s.fire();
  const std::string text = core::plain_text(s.outbox().at(0).message);
  INFO(text);
  CHECK(has(text, "• Unit 6 ("));
  CHECK_FALSE(has(text, "• Unit 3 ("));
  CHECK(has(text, "…and 3 more: /library plans"));
  CHECK(has(text, "• Kit 7 "));
  CHECK(has(text, "…and 2 more: /library resources"));  // 4 of the 6 since 4 March
}
