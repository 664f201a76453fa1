// /library glossary: finding a term from what people type, and the conversation.
#include "collab/glossary.hpp"
#include "people_fixture.hpp"

using namespace commonsbot;
using namespace commonsbot::collab;
using namespace commonsbot::collab::people;
using commonsbot::test::people_area::has;
using commonsbot::test::people_area::people_fixture;

TEST_CASE("glossary terms are found exactly, by alias, or by part of a name", "[glossary]") {
  people_fixture f;
  const auto all = glossary_of(f.words, f.reg.messages(), "en-NZ");
  REQUIRE(all.size() == 12);
  auto one = [&](const std::string& q) {
    auto found = find_terms(q, all);
    return found.size() == 1 ? found.front()->id : std::string("(" + std::to_string(found.size()) + ")");
  };
  CHECK(one("Learning Commons") == "learning_commons");
  CHECK(one("co-teaching") == "co_teaching");
  CHECK(one("coteaching") == "co_teaching");
  CHECK(one("CO TEACHING") == "co_teaching");
  CHECK(one("SDI") == "current_awareness");
  CHECK(one("continuum") == "continuum");
  CHECK(one("literacy") == "information_literacy");  // part of a name
  CHECK(find_terms("co", all).size() > 3);             // part of several
  CHECK(find_terms("knitting", all).empty());
  CHECK(find_terms("  ", all).empty());
  for (const auto& e : all) {
    CHECK_FALSE(e.about.empty());
    CHECK(e.about.find('[') == std::string::npos);  // no missing message
  }
}

TEST_CASE("glossary with a term explains it at once", "[glossary]") {
  people_fixture f;
  f.add_person("Mere", core::role::teacher);
  auto out = f.say("Mere", "/library glossary current awareness");
  CHECK(has(out, "Current awareness"));
  CHECK(has(out, "selective dissemination of information"));
  CHECK(has(out, "Type /library glossary <term>"));
  CHECK_FALSE(f.in_flow("Mere"));
}

TEST_CASE("glossary without a term, or with an unknown one, offers the list", "[glossary]") {
  people_fixture f;
  f.add_person("Mere", core::role::teacher);
  auto out = f.say("Mere", "/library glossary");
  CHECK(has(out, "Which term would you like explained?"));
  CHECK(has(out, "1. Learning commons"));
  CHECK(has(out, "12. Cycle of improvement"));
  out = f.say("Mere", "99");
  CHECK(has(out, "Please pick one of the options (a number from 1 to 12). Reply with a number from the list"));
  out = f.say("Mere", "2");
  CHECK(has(out, "Continuum of collaboration"));
  CHECK_FALSE(f.in_flow("Mere"));

  out = f.say("Mere", "/library glossary knitting");
  CHECK(has(out, "I don't have \"knitting\" in the glossary yet. Here's what I do have:"));
  CHECK(has(out, "7. Information literacy"));
  out = f.say("Mere", "Inquiry learning");
  CHECK(has(out, "Students learn by asking their own questions"));

  out = f.say("Mere", "/library glossary co");
  CHECK(has(out, "A few terms match \"co\":"));
  CHECK(has(out, "Co-teaching"));
  out = f.say("Mere", "cancel");
  CHECK(has(out, "No worries"));
}
