// /library survey: library staff send the needs survey; teachers answer it.
#include "collab/survey_record.hpp"
#include "evidence_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::test::ev;

namespace {

std::optional<collab::survey_response> answers_of(const fixture& f, const std::string& survey, const std::string& person) {
  auto j = f.db.get(collab::survey_answers_collection, "school/" + survey + "/" + person);
  if (!j) return std::nullopt;
  return j->get<collab::survey_response>();
}

}  // namespace

TEST_CASE("library staff send the survey to every teacher, and a teacher answers it", "[collab][survey]") {
  fixture f;
  auto out = f.say("Aroha", "/library survey");
  CHECK(has(out, "I'll send these 4 questions to 2 teachers:"));
  CHECK(has(out, "1. What units or topics are you planning for the coming term?"));
  CHECK(has(out, "4. How would you like to work with the library this term?"));
  out = f.say("Aroha", "yes");
  CHECK(has(out, "Sent survey s1 to 2 teachers: Sam and Tama."));
  REQUIRE(f.sent.size() == 2);  // teachers only: not Mere (leader), not Aroha
  CHECK(f.sent[0].to.user_id == "sam");
  CHECK(f.sent[1].to.user_id == "tama");
  CHECK(has(f.inbox_text("sam"), "Kia ora Sam! Aroha from the library would love to hear"));
  CHECK(has(f.inbox_text("sam"), "Type /library survey to answer."));
  auto stored = f.db.get(collab::surveys_collection, "school/s1");
  REQUIRE(stored);
  const auto sv = stored->get<collab::survey>();
  CHECK(sv.open());
  CHECK(sv.sent_by == f.aroha);
  CHECK(sv.date == "2025-03-10");
  CHECK(sv.sent_to == std::vector<std::string>{f.sam, f.tama});
  REQUIRE(sv.questions.size() == 4);
  CHECK(sv.questions[0].id == "units");

  out = f.say("Sam", "/library survey");
  CHECK(has(out, "Question 1 of 4: What units or topics are you planning for the coming term?"));
  out = f.say("Sam", "Y6");
  CHECK(has(out, "at least 3 characters"));
  CHECK(has(out, "Just the topics and year levels is plenty"));  // the question's own hint
  CHECK(has(out, "Type skip to leave it out."));
  out = f.say("Sam", "Year 6 natural disasters");
  CHECK(has(out, "Question 2 of 4: Which resources"));
  out = f.say("Sam", "back");
  CHECK(has(out, "Question 1 of 4"));
  f.say("Sam", "Year 6 natural disasters, then poetry");
  f.say("Sam", "skip");
  out = f.say("Sam", "Finding good sources");
  CHECK(has(out, "Question 4 of 4"));
  out = f.say("Sam", "Planning together, and a class visit");
  CHECK(has(out, "1. Year 6 natural disasters, then poetry"));
  CHECK(has(out, "2. (skipped)"));
  CHECK(has(out, "Send them to the library team?"));
  out = f.say("Sam", "yes");
  CHECK(has(out, "Thank you!"));
  auto mine = answers_of(f, "s1", f.sam);
  REQUIRE(mine);
  CHECK(mine->name == "Sam");
  REQUIRE(mine->answers.size() == 4);
  CHECK(mine->answers[0].question == "units");
  CHECK(mine->answers[0].answer == "Year 6 natural disasters, then poetry");
  CHECK(mine->answers[1].answer.empty());
  CHECK(mine->answers[3].answer == "Planning together, and a class visit");

  // Answering again replaces the answers.
  f.now_ms += day_ms;
  out = f.say("Sam", "/library survey");
  CHECK(has(out, "You answered this survey on 2025-03-10. Answering again replaces those answers."));
  f.say("Sam", "Poetry only");
  f.say("Sam", "skip");
  f.say("Sam", "skip");
  f.say("Sam", "skip");
  f.say("Sam", "yes");
  mine = answers_of(f, "s1", f.sam);
  REQUIRE(mine);
  CHECK(mine->answers[0].answer == "Poetry only");
  CHECK(mine->answers[3].answer.empty());
  CHECK(f.db.scan(collab::survey_answers_collection, "school/").size() == 1);
}

TEST_CASE("library staff see results, close the survey, or send a new one", "[collab][survey]") {
  fixture f;
  f.say("Aroha", "/library survey");
  f.say("Aroha", "yes");
  f.say("Tama", "/library survey");
  f.say("Tama", "Poetry for Year 8");
  f.say("Tama", "Graphic novels");
  f.say("Tama", "skip");
  f.say("Tama", "skip");
  f.say("Tama", "yes");

  auto out = f.say("Aroha", "/library survey");
  CHECK(has(out, "Survey sent on 2025-03-10: 1 of 2 teachers have answered."));
  out = f.say("Aroha", "1");
  CHECK(has(out, "1 of 2 teachers have answered"));
  CHECK(has(out, "Tama: Poetry for Year 8"));
  CHECK(has(out, "Tama: Graphic novels"));
  CHECK(has(out, "(no answers yet)"));
  CHECK_FALSE(f.in_flow("Aroha"));

  // A new survey closes the old one first.
  f.sent.clear();
  f.say("Aroha", "/library survey");
  out = f.say("Aroha", "3");
  CHECK(has(out, "This closes the survey sent on 2025-03-10"));
  out = f.say("Aroha", "yes");
  CHECK(has(out, "Sent survey s2"));
  CHECK(f.sent.size() == 2);
  CHECK(f.db.get(collab::surveys_collection, "school/s1")->get<collab::survey>().status == "closed");
  CHECK(f.db.get(collab::surveys_collection, "school/s2")->get<collab::survey>().open());

  f.say("Aroha", "/library survey");
  out = f.say("Aroha", "close");  // options answer to their id too
  CHECK(has(out, "The survey sent on 2025-03-10 is closed."));
  out = f.say("Sam", "/library survey");
  CHECK(has(out, "There's no survey to answer right now"));
  CHECK_FALSE(f.in_flow("Sam"));
}

TEST_CASE("survey: refusals, nobody to ask, no and cancel", "[collab][survey]") {
  fixture f;
  auto out = f.say("Mere", "/library survey");
  CHECK(has(out, "/library survey is for library staff or teacher. You're set up as leader"));
  out = f.say("Sam", "/library survey");
  CHECK(has(out, "There's no survey to answer right now"));
  out = f.say("Aroha", "/library survey");
  out = f.say("Aroha", "maybe");
  CHECK(has(out, "Please answer yes or no."));
  out = f.say("Aroha", "no");
  CHECK(has(out, "OK, nothing sent."));
  CHECK(f.sent.empty());
  CHECK(f.db.scan(collab::surveys_collection, "school/").empty());

  f.say("Aroha", "/library survey");
  f.say("Aroha", "yes");
  f.say("Sam", "/library survey");
  f.say("Sam", "Year 6 poetry");
  out = f.say("Sam", "cancel");
  CHECK(has(out, "Start again any time with /library survey."));
  CHECK_FALSE(answers_of(f, "s1", f.sam));

  fixture empty;
  store::transaction t;
  t.erase(std::string(core::collections::people), "school/" + empty.sam);
  t.erase(std::string(core::collections::people), "school/" + empty.tama);
  REQUIRE(empty.db.commit(std::move(t)));
  out = empty.say("Aroha", "/library survey");
  CHECK(has(out, "I don't know any teachers here yet."));
}
