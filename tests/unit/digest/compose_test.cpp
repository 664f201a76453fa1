#include "core/message.hpp"
#include "digest/compose.hpp"
#include "flows/flow_registry.hpp"
#include "unit/digest/digest_support.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using namespace commonsbot::digest;
using digest::testkit::res;
using digest::testkit::teacher;

namespace {

struct words {
  words() {
    reg = flows::flow_registry::load(std::string(COMMONSBOT_SOURCE_DIR) + "/templates", "en-NZ", problems);
    ctx.messages = &reg.messages();
  }
  flows::problem_list problems;
  flows::flow_registry reg;
  context ctx;
};

}  // namespace

TEST_CASE("a digest groups picks by area, links them and words why") {
  words w;
  const matcher m({res("r1", "Volcanoes of Aotearoa", {"Science"}, {5, 6}, {"volcanoes"}, "2026-03-10", "book",
                       "How our volcanoes formed."),
                   res("r2", "Te reo at play", {"Learning Languages"}, {}, {"te reo"}, "2026-03-09")});
  const profile p = teacher({"science"}, {5}, {"te reo"});
  const digest_result result = m.match(p);
  REQUIRE(result.size() == 2);
  const core::message msg = compose(w.ctx, p, result, "en-NZ", "Ana");
  CHECK(core::plain_text(msg) ==
        "Kia ora Ana, here are 2 new things in the library that suit your classes.\n\n"
        "*Science*\n\n"
        "*1. Volcanoes of Aotearoa*\nHow our volcanoes formed.\nWhy: because you teach Year 5 science.\n"
        "Link: https://example.org/r1\n\n"
        "*Learning Languages*\n\n"
        "*2. Te reo at play*\nWhy: because you follow 'te reo'.\nLink: https://example.org/r2\n\n"
        "1. Useful (1)\n2. Not for me (1)\n3. More like this (1)\n"
        "4. Useful (2)\n5. Not for me (2)\n6. More like this (2)\n7. Unsubscribe\n\n"
        "Tell me what hits the mark: your buttons shape the next digest.");
  CHECK(compose(w.ctx, p, result, "en-NZ").text ==
        "Kia ora, here are 2 new things in the library that suit your classes.");  // no name known
  REQUIRE(msg.choices.size() == 7);
  CHECK(msg.choices[0].id == "do:digest.feedback|useful|r1");
  CHECK(msg.choices[1].id == "do:digest.feedback|not_for_me|r1");
  CHECK(msg.choices[5].id == "do:digest.feedback|more_like_this|r2");
  CHECK(msg.choices[6].id == "do:digest.unsubscribe|");
}

TEST_CASE("reasons read as one phrase, years as ranges") {
  words w;
  const auto& m = w.reg.messages();
  CHECK(years_phrase(m, "en-NZ", {"5"}) == "Year 5");
  CHECK(years_phrase(m, "en-NZ", {"5", "6"}) == "Years 5 and 6");
  CHECK(years_phrase(m, "en-NZ", {"5", "6", "7"}) == "Years 5-7");
  CHECK(years_phrase(m, "en-NZ", {"NE", "1", "2"}) == "Years NE-2");
  CHECK(years_phrase(m, "en-NZ", {"3", "5", "7"}) == "Years 3, 5 and 7");
  using k = reason_part::kind;
  CHECK(reason_text(m, "en-NZ", {{k::teaches, {"Mathematics and Statistics"}}}) == "you teach maths");
  CHECK(reason_text(m, "en-NZ", {{k::teaches, {"English", "5"}}, {k::follows, {"poetry", "te reo"}}, {k::liked, {"robot"}}}) ==
        "you teach Year 5 English, you follow 'poetry' and 'te reo' and you liked similar resources");
}

TEST_CASE("long titles and descriptions are cut at a word") {
  words w;
  const std::string long_text(400, 'a');
  const matcher m({res("r1", "Rocks " + long_text, {"Science"}, {}, {}, "2026-03-10", "book", "Many " + long_text)});
  const auto result = m.match(teacher({"science"}, {}));
  const core::message msg = compose(w.ctx, teacher({"science"}, {}), result, "en-NZ", "Ana");
  REQUIRE(msg.sections.size() == 2);
  // No space near the limit: cut at the limit itself.
  CHECK(msg.sections[1].title == "1. Rocks " + std::string(max_title_chars - 6, 'a') + "\xE2\x80\xA6");
  CHECK(msg.sections[1].text == "Many " + std::string(max_summary_chars - 5, 'a') + "\xE2\x80\xA6");
}

TEST_CASE("an empty digest is a kind 'nothing new' with no buttons") {
  words w;
  profile p = teacher({"science"}, {5});
  const core::message msg = compose(w.ctx, p, digest_result{}, "en-NZ", "Ana");
  CHECK(msg.text == "Nothing new for you yet, Ana. I'll keep looking.");
  CHECK(msg.choices.empty());
  CHECK(msg.context == "Your digest only comes when there's something worth sending.");
  CHECK(compose(w.ctx, p, digest_result{}, "en-NZ").text == "Nothing new for you yet. I'll keep looking.");
  p.subscribed = false;
  CHECK(compose(w.ctx, p, digest_result{}, "en-NZ", "Ana").context == "Want these regularly? Type /library subscribe.");
}
