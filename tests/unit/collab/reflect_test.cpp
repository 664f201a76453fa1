// /library reflect: a partner closes a unit; the plan is marked reflected and the other
// partner hears about it.
#include "collab/share_request.hpp"
#include "evidence_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::test::ev;

TEST_CASE("a teacher reflects on a finished unit and the library partner is told", "[collab][reflect]") {
  fixture f;
  f.add_plan("p1", "Rivers", {f.sam, f.aroha}, collab::plan_status::open);
  f.add_plan("p2", "Volcanoes", {f.sam, f.aroha}, collab::plan_status::completed);
  f.add_plan("p3", "Poetry", {f.tama, f.aroha});  // not Sam's

  auto out = f.say("Sam", "/library reflect");
  CHECK(has(out, "Which unit would you like to reflect on?"));
  CHECK(has(out, "1. p2: Volcanoes"));  // finished units first
  CHECK(has(out, "2. p1: Rivers"));
  CHECK_FALSE(has(out, "Poetry"));
  out = f.say("Sam", "1");
  CHECK(has(out, "Looking back on p2: Volcanoes: what worked well?"));
  out = f.say("Sam", "ok");
  CHECK(has(out, "at least 3 characters"));
  CHECK(has(out, "A few words is fine"));  // the hint
  f.say("Sam", "The station rotation: every group used the databases.");
  out = f.say("Sam", "Slides: https://example.school.nz/volcano-slides and 24 of 27 met the outcome.");
  CHECK(has(out, "What would you change next time?"));
  out = f.say("Sam", "back");
  CHECK(has(out, "What evidence of student learning"));
  f.say("Sam", "Slides: https://example.school.nz/volcano-slides and 24 of 27 met the outcome.");
  f.say("Sam", "Start the note-taking lesson a week earlier.");
  out = f.say("Sam", "2");
  CHECK(has(out, "What worked: The station rotation"));
  CHECK(has(out, "Next time: Start the note-taking lesson a week earlier."));
  CHECK(has(out, "Share with the staff: not this time"));
  out = f.say("Sam", "yes");
  CHECK(has(out, "\"Volcanoes\" (p2) is now marked as reflected."));
  CHECK(has(out, "Thanks for closing the loop"));

  const auto p = f.plan("p2");
  CHECK(p.status == collab::plan_status::reflected);
  REQUIRE(p.reflections.size() == 1);
  CHECK(p.reflections[0].by == f.sam);
  CHECK(p.reflections[0].worked == "The station rotation: every group used the databases.");
  CHECK(has(p.reflections[0].evidence, "24 of 27"));
  CHECK(p.reflections[0].change == "Start the note-taking lesson a week earlier.");
  CHECK_FALSE(p.reflections[0].share);
  CHECK(p.reflections[0].at_ms == f.now_ms);
  CHECK(p.updated_ms == f.now_ms);
  CHECK_FALSE(p.shared);
  // The checklist's "evaluate" and "improve" steps are done by reflecting; "share" is not.
  CHECK(p.checklist[4].ticked);
  CHECK(p.checklist[4].ticked_by == f.sam);
  CHECK(p.checklist[5].ticked);
  CHECK_FALSE(p.checklist[6].ticked);
  CHECK(p.ticked_count() == 2);

  // Aroha hears, and can add hers; Sam's list no longer offers p2.
  REQUIRE(f.sent.size() == 1);
  CHECK(f.sent[0].to.user_id == "aroha");
  CHECK(has(f.inbox_text("aroha"), "Sam has reflected on \"Volcanoes\" (p2)"));
  CHECK(has(f.inbox_text("aroha"), "/library reflect p2"));
  out = f.say("Sam", "/library reflect");
  CHECK_FALSE(has(out, "Volcanoes"));
  out = f.say("Aroha", "/library reflect");
  CHECK(has(out, "Volcanoes"));
  CHECK(has(out, "Poetry"));
}

TEST_CASE("reflect names a plan directly, and refuses plans that aren't yours", "[collab][reflect]") {
  fixture f;
  f.add_plan("p3", "Poetry", {f.tama, f.aroha});
  auto out = f.say("Sam", "/library reflect p3");
  CHECK(has(out, "p3 (Poetry) belongs to Tama and Aroha, so only they can reflect on it."));
  CHECK_FALSE(f.in_flow("Sam"));
  out = f.say("Sam", "/library reflect p99");
  CHECK(has(out, "I can't find a plan called p99. Type /library plans"));
  out = f.say("Sam", "/library reflect");
  CHECK(has(out, "You haven't got a unit waiting for a reflection."));
  out = f.say("Mere", "/library reflect");
  CHECK(has(out, "/library reflect is for teacher or library staff. You're set up as leader"));

  out = f.say("Tama", "/library reflect P3");
  CHECK(has(out, "Looking back on p3: Poetry"));
  out = f.say("Tama", "cancel");
  CHECK(has(out, "Start again any time with /library reflect."));
  CHECK(f.plan("p3").reflections.empty());
}

TEST_CASE("reflecting with \"share\" asks the partner, with buttons, in the same message", "[collab][reflect]") {
  fixture f;
  f.add_plan("p2", "Volcanoes", {f.sam, f.aroha});
  f.say("Aroha", "/library reflect p2");
  f.say("Aroha", "Students asked better questions.");
  f.say("Aroha", "Their question maps: https://example.school.nz/maps");
  f.say("Aroha", "skip");
  auto out = f.say("Aroha", "Yes, if my partner agrees");
  CHECK(has(out, "Share with the staff: yes, once your partner agrees"));
  CHECK_FALSE(has(out, "Next time:"));
  out = f.say("Aroha", "yes");
  CHECK(has(out, "I've asked Sam."));

  REQUIRE(f.sent.size() == 1);  // one message to Sam: the news and the question together
  const auto& ask = f.sent[0].message;
  CHECK(has(ask.text, "Aroha has reflected on \"Volcanoes\""));
  CHECK(has(ask.text, "Happy for it to go up?"));
  REQUIRE(ask.choices.size() == 2);
  CHECK(ask.choices[0].id == "do:plans.share_answer|p2|yes");
  CHECK(ask.choices[0].label == "Yes, share it");
  CHECK(ask.choices[1].id == "do:plans.share_answer|p2|no");
  CHECK(ask.choices[1].label == "Not yet");
  const auto p = f.plan("p2");
  CHECK(p.reflections.at(0).share);
  CHECK(p.reflections.at(0).change.empty());
  CHECK(p.checklist[4].ticked);
  CHECK_FALSE(p.checklist[5].ticked);  // nothing to change was given
  auto request = f.db.get(collab::share_requests_collection, "school/p2");
  REQUIRE(request);
  CHECK((*request)["asked_by"] == f.aroha);
  CHECK((*request)["status"] == "asked");

  // A plan whose only partner reflects with "share" is posted at once: nobody else to ask.
  f.add_plan("p5", "Solo unit", {f.aroha});
  f.say("Aroha", "/library reflect p5");
  f.say("Aroha", "It worked.");
  f.say("Aroha", "Photos of the displays.");
  f.say("Aroha", "skip");
  f.say("Aroha", "1");
  out = f.say("Aroha", "yes");
  CHECK(has(out, "is up in the staff channel"));
  CHECK(f.plan("p5").shared);
  CHECK(has(f.inbox_text("staff-room"), "A success to celebrate: *Solo unit*"));
}
