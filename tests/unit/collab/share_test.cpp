// /library share: a partner asks, another agrees, the story goes to the staff channel.
#include "collab/share_request.hpp"
#include "evidence_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::test::ev;

namespace {

// A reflected plan between Sam and Aroha.
void reflected_plan(fixture& f, const std::string& id = "p2") {
  auto p = f.add_plan(id, "Volcanoes", {f.sam, f.aroha}, collab::plan_status::reflected);
  collab::reflection r;
  r.worked = "Station rotation kept every group busy.";
  r.evidence = "Slides https://example.school.nz/slides, and 24 of 27 met the outcome.";
  r.by = f.sam;
  r.share = true;
  p.reflections.push_back(r);
  f.put(collab::plans_collection, p.key(), p);
}

}  // namespace

TEST_CASE("a partner asks, the other agrees by button, and the story is posted", "[collab][share]") {
  fixture f;
  reflected_plan(f);
  auto out = f.say("Sam", "/library share p2");
  CHECK(has(out, "I've asked Aroha. As soon as one of them agrees"));
  REQUIRE(f.sent.size() == 1);
  CHECK(f.sent[0].to.user_id == "aroha");
  CHECK(has(f.sent[0].message.text, "Sam would like to share \"Volcanoes\" (p2) in the staff channel"));
  CHECK(has(f.sent[0].message.context, "/library share p2"));
  out = f.say("Sam", "/library share p2");
  CHECK(has(out, "You've already asked Aroha about \"Volcanoes\""));
  out = f.say("Sam", "", "do:plans.share_answer|p2|yes");
  CHECK(has(out, "That's your own request"));
  CHECK_FALSE(f.plan("p2").shared);

  f.sent.clear();
  out = f.say("Aroha", "", "do:plans.share_answer|p2|yes");
  CHECK(has(out, "\"Volcanoes\" is up in the staff channel"));
  CHECK(f.plan("p2").shared);
  CHECK(f.plan("p2").updated_ms == f.now_ms);
  CHECK(f.plan("p2").checklist[6].id == "share");
  CHECK(f.plan("p2").checklist[6].ticked);
  CHECK(f.plan("p2").checklist[6].ticked_by == f.aroha);
  REQUIRE(f.sent.size() == 2);
  const auto& post = f.sent[0];
  CHECK(post.to.conversation_id == "staff-room");
  CHECK(post.to.platform == "console");  // the config gave only an id: the sharer's platform
  CHECK(post.to.tenant == "school");
  const std::string story = core::plain_text(post.message);
  CHECK(has(story, "A success to celebrate: *Volcanoes*"));
  CHECK(has(story, "Who: Sam and Aroha"));
  CHECK(has(story, "Collaboration: Teaching together"));
  CHECK(has(story, "Teaching model: Team teaching"));
  CHECK(has(story, "Learning areas: Science"));
  CHECK(has(story, "What we did"));
  CHECK(has(story, "Fieldwork at the stream"));
  CHECK(has(story, "Station rotation kept every group busy."));
  CHECK(has(story, "24 of 27"));
  REQUIRE(post.message.links.size() == 1);
  CHECK(post.message.links[0].url == "https://example.school.nz/slides");
  CHECK(f.sent[1].to.user_id == "sam");
  CHECK(has(core::plain_text(f.sent[1].message), "Aroha agreed, so \"Volcanoes\" (p2) is now up in the staff channel."));
  auto request = f.db.get(collab::share_requests_collection, "school/p2");
  REQUIRE(request);
  CHECK((*request)["status"] == "posted");
  CHECK((*request)["answered_by"] == f.aroha);

  out = f.say("Sam", "/library share p2");
  CHECK(has(out, "already shared"));
  out = f.say("Aroha", "", "do:plans.share_answer|p2|yes");
  CHECK(has(out, "already shared"));
}

TEST_CASE("Not yet tells the asker, asking again works, a typed share is agreement", "[collab][share]") {
  fixture f;
  reflected_plan(f);
  f.say("Aroha", "/library share");  // no plan named: a choice of reflected units
  CHECK(has(core::plain_text(f.last.back()), "1. p2: Volcanoes"));
  auto out = f.say("Aroha", "1");
  CHECK(has(out, "I've asked Sam."));
  f.sent.clear();
  out = f.say("Sam", "", "do:plans.share_answer|p2|no");
  CHECK(has(out, "I won't share \"Volcanoes\" for now."));
  REQUIRE(f.sent.size() == 1);
  CHECK(f.sent[0].to.user_id == "aroha");
  CHECK(has(core::plain_text(f.sent[0].message), "Sam would rather not share \"Volcanoes\" (p2) just yet."));
  out = f.say("Sam", "", "do:plans.share_answer|p2|yes");
  CHECK(has(out, "There's no open request"));
  CHECK_FALSE(f.plan("p2").shared);

  out = f.say("Aroha", "/library share p2");
  CHECK(has(out, "I've asked Sam."));
  out = f.say("Sam", "/library share p2");  // on the console there are no buttons: typing agrees
  CHECK(has(out, "is up in the staff channel"));
  CHECK(f.plan("p2").shared);
  CHECK(has(f.inbox_text("staff-room"), "Volcanoes"));
}

TEST_CASE("share refuses kindly: no reflection, not a partner, no channel, wrong role", "[collab][share]") {
  fixture f;
  f.add_plan("p1", "Rivers", {f.sam, f.aroha}, collab::plan_status::open);
  auto out = f.say("Sam", "/library share p1");
  CHECK(has(out, "needs a reflection before it can be shared"));
  CHECK(has(out, "/library reflect p1"));
  out = f.say("Tama", "/library share p1");
  CHECK(has(out, "p1 (Rivers) belongs to Sam and Aroha. Only its partners can share it"));
  out = f.say("Tama", "", "do:plans.share_answer|p1|yes");
  CHECK(has(out, "Only its partners can share it"));
  out = f.say("Tama", "/library share p404");
  CHECK(has(out, "I can't find a plan called p404"));
  out = f.say("Tama", "/library share");
  CHECK(has(out, "You don't have a reflected unit to share yet."));
  out = f.say("Mere", "/library share p1");
  CHECK(has(out, "/library share is for teacher or library staff"));

  reflected_plan(f, "p2");
  f.services.staff_channels.clear();
  out = f.say("Sam", "/library share p2");
  CHECK(has(out, "no staff channel is set up for this school yet"));
  CHECK(f.sent.empty());
  CHECK_FALSE(f.db.get(collab::share_requests_collection, "school/p2"));
}
