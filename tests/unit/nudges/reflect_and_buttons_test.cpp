// The "reflect" fire at a plan's end, and the buttons on a nudge: only its own person may
// press them, pressing twice is harmless, snooze re-sends an hour later unless that is after
// the meeting starts.
#include "nudge_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::test::nudges_test;

namespace {

store::transaction fire_reflect(school& s, const schedule::job& j, const std::string& id) {
  schedule::fire f;
  f.id = id;
  f.of = &j;
  f.scheduled_ms = fire_ms;
  f.now_ms = fire_ms;
  auto txn = nudges::fire(s.ctx, f);
  store::transaction copy = txn;
  REQUIRE(s.db.commit(std::move(copy)));
  return txn;
}

schedule::job reflect_job(const std::string& plan) {
  schedule::job j;
  j.id = "reflect-" + plan;
  j.tenant = "school";
  j.kind = "reflect";
  j.rule.zone = "Pacific/Auckland";
  j.payload = {{"plan", plan}};
  return j;
}

}  // namespace

TEST_CASE("reflect: partners are asked to reflect on the end date, once", "[nudges][reflect]") {
  school s;
  s.put_plan(s.plan("p1", "Fractions in the garden", {"Mathematics and Statistics"}, {"7"}, 7, 100));
  const auto j = reflect_job("p1");
  fire_reflect(s, j, "reflect-p1@2025-03-10T15:00");
  const auto out = s.outbox();
  REQUIRE(out.size() == 2);
  for (const auto& e : out)
    CHECK(core::plain_text(e.message) ==
          "Fractions in the garden ended today: time to reflect on how it went. Type /library reflect p1 when you have "
          "ten minutes.");
  auto rec = s.record(s.mere, "reflect-p1@2025-03-10T15:00");
  REQUIRE(rec);
  CHECK(rec->kind == "reflect");
  CHECK(rec->status == "sent");
  CHECK(fire_reflect(s, j, "reflect-p1@2025-03-10T15:00").empty());
}

TEST_CASE("reflect: nothing for a plan already reflected on, or gone", "[nudges][reflect]") {
  school s;
  auto p = s.plan("p1", "Fractions in the garden", {"Mathematics and Statistics"}, {"7"}, 7, 100);
  p.status = collab::plan_status::reflected;
  s.put_plan(p);
  CHECK(fire_reflect(s, reflect_job("p1"), "reflect-p1@x").empty());
  CHECK(fire_reflect(s, reflect_job("p8"), "reflect-p8@x").empty());
  CHECK(s.outbox().empty());
}

TEST_CASE("buttons: I'll raise it and Not this time are recorded, only for their person", "[nudges][buttons]") {
  school s;
  s.fire();
  const std::string payload = std::string(fire_id) + "|" + s.aroha;

  // Someone else's nudge: refused, nothing written.
  auto other = s.say("Mere", "", "do:nudges.raise|" + payload);
  CHECK(has(other, "That nudge was for someone else"));
  CHECK(s.record(s.aroha)->response.empty());

  auto out = s.say("Aroha", "", "do:nudges.raise|" + payload);
  CHECK(has(out, "Ka pai, you'll raise it at the meeting."));
  CHECK(has(out, "Before Years 5-6 syndicate"));  // the nudge redrawn, without its buttons
  REQUIRE(s.last.size() == 1);
  CHECK(s.last[0].choices.empty());
  CHECK(s.record(s.aroha)->response == "raising");
  CHECK(s.record(s.aroha)->response_ms == s.now_ms);
  CHECK(s.sent.empty());  // tells nobody else

  const auto before = s.db.get(nudges::collection, nudges::record_key("school", fire_id, s.aroha));
  s.say("Aroha", "", "do:nudges.raise|" + payload);  // twice: nothing changes
  CHECK(s.db.get(nudges::collection, nudges::record_key("school", fire_id, s.aroha)) == before);

  CHECK(has(s.say("Aroha", "", "do:nudges.skip|" + payload), "No worries, not this time."));
  CHECK(s.record(s.aroha)->response == "not_this_time");

  CHECK(has(s.say("Aroha", "", "do:nudges.raise|nudge-m1-0@2025-01-01T15:00|" + s.aroha), "can't find that nudge"));
}

TEST_CASE("buttons: snooze sends it again an hour later, unless the meeting starts first", "[nudges][buttons]") {
  school s;
  s.fire();
  const std::string payload = std::string(fire_id) + "|" + s.aroha;
  const auto first = s.outbox();
  auto out = s.say("Aroha", "", "do:nudges.snooze|" + payload);
  CHECK(has(out, "Snoozed: I'll send this again at 4:00pm."));
  auto entries = s.outbox();
  REQUIRE(entries.size() == 2);
  const auto& again = entries[0].id == first[0].id ? entries[1] : entries[0];
  CHECK(again.next_attempt_ms == s.now_ms + 60LL * 60 * 1000);
  CHECK(again.to.user_id == "aroha");
  CHECK(has(core::plain_text(again.message), "Here it is again, as you asked."));
  CHECK(again.message.choices.size() == 3);
  CHECK(s.record(s.aroha)->response == "snoozed");

  s.say("Aroha", "", "do:nudges.snooze|" + payload);  // twice: still one reminder
  CHECK(s.outbox().size() == 2);

  // Half an hour before the meeting, an hour's snooze would be too late.
  s.now_ms = meeting_ms - 30LL * 60 * 1000;
  s.update_person("Aroha", [](core::person&) {});
  auto rec = *s.record(s.aroha);
  rec.response.clear();
  store::transaction t;
  t.put(std::string(nudges::collection), rec.key(), rec);
  REQUIRE(s.db.commit(std::move(t)));
  CHECK(has(s.say("Aroha", "", "do:nudges.snooze|" + payload), "after the meeting starts"));
  CHECK(s.outbox().size() == 2);
}
