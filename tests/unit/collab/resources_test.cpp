// /library resources and /library resource add, step by step over a real catalogue: ranked
// results five at a time, filters, no-match advice, adding and updating (visible to the next
// search through after_commit), validation, and refusals.
#include "catalogue/resource.hpp"
#include "resource_fixture.hpp"

using namespace commonsbot;
using commonsbot::test::resources_area::count_of;
using commonsbot::test::resources_area::has;
using commonsbot::test::resources_area::resource_fixture;

namespace {

std::size_t total_for(const resource_fixture& f, const std::string& tenant, catalogue::query q) {
  return f.resources.search(tenant, q).total;
}

// Runs the add flow for Aroha up to the confirmation question.
std::string add_until_confirm(resource_fixture& f, const std::string& who, const std::string& title, const std::string& link) {
  std::string out = f.say(who, "/library resource add");
  out += f.say(who, title);
  out += f.say(who, link);
  out += f.say(who, "Photos, maps and short clips of a volcanic plateau, for inquiry units.");
  out += f.say(who, "science, social studies");
  out += f.say(who, "years 5 to 8");
  out += f.say(who, "website");
  out += f.say(who, "plateau, Tongariro, eruptions");
  return out;
}

}  // namespace

TEST_CASE("resources: words find ranked sample resources, marked as sample", "[resources]") {
  resource_fixture f;
  f.add_person("Mere", core::role::teacher);
  auto out = f.say("Mere", "/library resources volcanoes");
  CHECK(has(out, "One resource matches \"volcanoes\":"));
  CHECK(has(out, "1. Volcanoes of Aotearoa (sample)"));
  CHECK(has(out, "Link: https://example.org/sample/"));
  CHECK(has(out, "Learning areas: Science, Social Sciences"));
  CHECK(has(out, "Year levels: 4-8"));
  CHECK(has(out, "Format: Book"));
  CHECK(has(out, "Entries marked (sample) are made-up examples"));
  CHECK_FALSE(f.in_flow("Mere"));  // one page: nothing to wait for

  // Ranking: a title match comes before a description-only one.
  out = f.say("Mere", "/library resources water");
  const auto cycle = out.find("The Water Cycle"), safety = out.find("Water Safety"), rivers = out.find("Rivers and Freshwater");
  REQUIRE(cycle != std::string::npos);
  REQUIRE(rivers != std::string::npos);
  CHECK(cycle < rivers);
  CHECK(safety < rivers);
}

TEST_CASE("resources: filters narrow the list, and a listing pages five at a time", "[resources]") {
  resource_fixture f;
  f.add_person("Mere", core::role::teacher);
  catalogue::query all5;
  all5.years = {5};
  const std::size_t total = total_for(f, "school", all5);
  REQUIRE(total > 15);
  REQUIRE(total <= 20);

  auto out = f.say("Mere", "/library resources year 5");
  CHECK(has(out, std::to_string(total) + " resources for Year 5, newest first. Here are 1 to 5:"));
  CHECK(count_of(out, "Link: ") == 5);
  CHECK(has(out, "*5. "));
  CHECK(has(out, "Want the next 5?"));
  CHECK(has(out, "1. More"));
  REQUIRE(f.in_flow("Mere"));

  // The session keeps the query and where we are: a restart (JSON round trip) changes nothing.
  f.sessions.begin()->second = nlohmann::json(f.sessions.begin()->second).get<flows::session>();
  for (std::size_t from = 6; from <= total; from += 5) {
    const std::size_t to = std::min(total, from + 4);
    out = f.say("Mere", from == 6 ? "more" : "1");  // the word or the button's number
    INFO(out);
    CHECK(has(out, "Here are " + std::to_string(from) + " to " + std::to_string(to) + " of " + std::to_string(total) + ":"));
    CHECK(has(out, "*" + std::to_string(from) + ". "));
    CHECK(count_of(out, "Link: ") == to - from + 1);
    CHECK(f.in_flow("Mere") == (to < total));
  }
  CHECK(has(out, "That's everything that matched."));
  CHECK_FALSE(f.in_flow("Mere"));

  // Words, a year and an area together; "done" stops early.
  out = f.say("Mere", "/library resources years 5-6 area science");
  CHECK(has(out, "resources in Science for Years 5-6, newest first"));
  CHECK_FALSE(has(out, "Times Tables"));
  out = f.say("Mere", "/library resources nutrition area hpe");
  CHECK(has(out, "2 resources match \"nutrition\" in Health and Physical Education, best first:"));
  CHECK(has(out, "Sports Nutrition for Teens"));
  CHECK(has(out, "Design Thinking for Food Technology"));

  out = f.say("Mere", "/library resources year 7");
  REQUIRE(f.in_flow("Mere"));
  out = f.say("Mere", "done");
  CHECK(has(out, "Happy exploring!"));
  CHECK_FALSE(f.in_flow("Mere"));
}

TEST_CASE("resources: no match suggests loosening the filters", "[resources]") {
  resource_fixture f;
  f.add_person("Mere", core::role::teacher);
  auto out = f.say("Mere", "/library resources volcanoes year 13");
  CHECK(has(out, "Nothing matched \"volcanoes\" for Year 13."));
  CHECK(has(out, "Without the year and area filters I'd find 1: try /library resources volcanoes"));
  CHECK(has(out, "they can add it with /library resource add"));
  CHECK_FALSE(f.in_flow("Mere"));

  out = f.say("Mere", "/library resources zzyzx");
  CHECK(has(out, "Nothing matched \"zzyzx\". Try a different word"));
  out = f.say("Mere", "/library resources zzyzx year 3");
  CHECK(has(out, "Nothing matched \"zzyzx\" for Year 3. Try a different word"));
  // Typed as an answer, a quoted area is taken as it is. (The command line's own word
  // splitting drops the quotes, so there "area music" is two search words.)
  f.say("Mere", "/library resources");
  out = f.say("Mere", "year 12 area \"music\"");
  CHECK(has(out, "There's nothing in the catalogue in music for Year 12 yet. Try a wider year range"));
  out = f.say("Mere", "/library resources year 12 area \"music\"");
  CHECK(has(out, "One resource matches \"area music\" for Year 12:"));
}

TEST_CASE("resources: no words asks what they're looking for, bad filters re-ask with the hint", "[resources]") {
  resource_fixture f;
  f.add_person("Mere", core::role::teacher);
  auto out = f.say("Mere", "/library resources");
  CHECK(has(out, "What are you looking for?"));
  out = f.say("Mere", "the");
  CHECK(has(out, "I need a word or two to search for, like a topic. For example: volcanoes year 5"));
  CHECK(has(out, "What are you looking for?"));
  out = f.say("Mere", "rock pools");
  CHECK(has(out, "Rock Pool Explorer Kit"));
  CHECK_FALSE(f.in_flow("Mere"));

  out = f.say("Mere", "/library resources volcanoes year 14");
  CHECK(has(out, "I read \"year 14\" as a year level, but year levels go from NE (new entrants) to 13. For example:"));
  CHECK(has(out, "What are you looking for?"));
  out = f.say("Mere", "cancel");
  CHECK(has(out, "No worries, I've stopped there. Start again any time with /library resources."));

  out = f.say("Mere", "/library resources add");
  CHECK(has(out, "To add a resource to the catalogue, type /library resource add"));
}

TEST_CASE("resources: without a catalogue, search says so", "[resources]") {
  resource_fixture f(false);
  f.add_person("Mere", core::role::teacher);
  auto out = f.say("Mere", "/library resources volcanoes");
  CHECK(has(out, "Resource search isn't available right now"));
  CHECK_FALSE(f.in_flow("Mere"));
}

TEST_CASE("resource add: library staff add one, and search finds it at once", "[resources][add]") {
  resource_fixture f;
  f.add_person("Aroha", core::role::library_staff);
  f.add_person("Mere", core::role::teacher);
  f.add_person("Other", core::role::teacher, "elsewhere");
  auto out = add_until_confirm(f, "Aroha", "Central Plateau Field Trip Pack", "https://example.net/plateau");
  CHECK(has(out, "What's it called?"));
  CHECK(has(out, "What's the link?"));
  CHECK(has(out, "Which learning areas does it suit?"));
  CHECK(has(out, "13. Something else"));
  CHECK(has(out, "Title: Central Plateau Field Trip Pack"));
  CHECK(has(out, "Learning areas: Science, Social Sciences"));
  CHECK(has(out, "Year levels: 5-8"));
  CHECK(has(out, "Format: Website"));
  CHECK(has(out, "Keywords: plateau, Tongariro, eruptions"));
  CHECK(has(out, "Save it to the catalogue?"));
  out = f.say("Aroha", "yes");
  CHECK(has(out, "Added \"Central Plateau Field Trip Pack\" to the catalogue. Anyone can find it now with /library resources plateau."));
  CHECK(has(out, "Thanks for growing the catalogue!"));
  CHECK(f.after_commits == 1);

  const std::string key = catalogue::store_key("school", catalogue::make_id("https://example.net/plateau"));
  auto stored = f.db.get(catalogue::resources_collection, key);
  REQUIRE(stored);
  const auto r = stored->get<catalogue::resource>();
  CHECK(r.added == "2025-03-10");
  CHECK(r.year_levels == std::vector<int>{5, 6, 7, 8});
  CHECK_FALSE(r.sample);

  out = f.say("Mere", "/library resources tongariro");
  CHECK(has(out, "1. Central Plateau Field Trip Pack*"));
  CHECK(has(out, "Link: https://example.net/plateau"));
  CHECK_FALSE(has(out, "(sample)"));
  out = f.say("Other", "/library resources tongariro");  // another school doesn't see it
  CHECK(has(out, "Nothing matched"));
}

TEST_CASE("resource add: a link already there is updated, keeping its first date", "[resources][add]") {
  resource_fixture f;
  f.add_person("Aroha", core::role::library_staff);
  add_until_confirm(f, "Aroha", "Plateau Pack", "https://example.net/plateau");
  f.say("Aroha", "yes");
  f.now_ms += 30LL * 24 * 3600 * 1000;
  auto out = add_until_confirm(f, "Aroha", "Plateau Pack, second edition", "https://EXAMPLE.net/plateau/");
  CHECK(has(out, "That link is already in your catalogue as \"Plateau Pack\", so your answers will update that entry."));
  CHECK(has(out, "(This updates the entry already in your catalogue.)"));
  out = f.say("Aroha", "yes");
  CHECK(has(out, "Updated \"Plateau Pack, second edition\""));
  CHECK(f.db.count(catalogue::resources_collection) == 1);
  const auto r = f.db.get(catalogue::resources_collection, catalogue::store_key("school", catalogue::make_id("https://example.net/plateau")))
                     ->get<catalogue::resource>();
  CHECK(r.title == "Plateau Pack, second edition");
  CHECK(r.added == "2025-03-10");
  CHECK(f.resources.tenant_size("school") == 1);

  // A sample link: the school's own entry takes its place.
  const std::string sample_link = f.resources.search("school", {"volcanoes", {}, {}, 0, 1}).hits.at(0).item->link;
  out = add_until_confirm(f, "Aroha", "Volcanoes of Aotearoa (our copy)", sample_link);
  CHECK(has(out, "That link is in the sample list as \"Volcanoes of Aotearoa\""));
  out = f.say("Aroha", "yes");
  CHECK(has(out, "Added \"Volcanoes of Aotearoa (our copy)\" as your school's own entry, in place of the sample one."));
  out = f.say("Aroha", "/library resources volcanoes aotearoa");
  CHECK(has(out, "*1. Volcanoes of Aotearoa (our copy)*"));
  CHECK_FALSE(has(out, "Volcanoes of Aotearoa (sample)"));
}

TEST_CASE("resource add: bad answers are re-asked with their hint, back and cancel", "[resources][add]") {
  resource_fixture f;
  f.add_person("Aroha", core::role::admin);
  auto out = f.say("Aroha", "/library resource add Kiwi Conservation Videos");
  CHECK(has(out, "What's the link?"));  // the title came with the command
  out = f.say("Aroha", "ftp://files.example.org/kiwi");
  CHECK(has(out, "\"ftp://files.example.org/kiwi\" isn't a web address I can use. Paste the full address, starting with http://"));
  CHECK(has(out, "What's the link?"));
  out = f.say("Aroha", "www.doc.govt.nz/kiwi");
  CHECK(has(out, "Nearly: \"www.doc.govt.nz/kiwi\" needs https:// (or http://) at the front."));
  out = f.say("Aroha", "https://www.doc.govt.nz/kiwi");
  CHECK(has(out, "In a sentence, what is it"));
  out = f.say("Aroha", "back");
  CHECK(has(out, "What's the link?"));
  out = f.say("Aroha", "https://www.doc.govt.nz/kiwi");
  out = f.say("Aroha", "Short films about saving kiwi.");
  out = f.say("Aroha", "science, knitting");
  CHECK(has(out, "I don't know a learning area called \"knitting\". Name one or more, with commas between: English, The Arts"));
  out = f.say("Aroha", "skip");
  CHECK(has(out, "Which year levels?"));
  out = f.say("Aroha", "juniors");
  CHECK(has(out, "\"juniors\" doesn't look like year levels to me. Numbers from 1 to 13"));
  out = f.say("Aroha", "NE-4");
  CHECK(has(out, "What kind of resource is it?"));
  out = f.say("Aroha", "99");
  CHECK(has(out, "Please pick one of the options (a number from 1 to 13). Pick the closest one"));
  out = f.say("Aroha", "7");
  out = f.say("Aroha", "skip");
  CHECK(has(out, "Learning areas: -"));
  CHECK(has(out, "Year levels: NE-4"));
  CHECK(has(out, "Format: Video"));
  out = f.say("Aroha", "no");
  CHECK(has(out, "OK, I haven't saved anything."));
  CHECK(f.db.count(catalogue::resources_collection) == 0);

  f.say("Aroha", "/library resource add");
  out = f.say("Aroha", "cancel");
  CHECK(has(out, "No worries, I've stopped there. Start again any time with /library resource."));
  CHECK(f.after_commits == 0);
}

TEST_CASE("resource add: refusals", "[resources][add]") {
  resource_fixture f;
  f.add_person("Mere", core::role::teacher);
  f.add_person("Aroha", core::role::library_staff);
  auto out = f.say("Mere", "/library resource add");
  CHECK(has(out, "/library resource is for library staff. You're set up as teacher"));
  CHECK_FALSE(f.in_flow("Mere"));

  out = f.say("Aroha", "/library resource remove something");
  CHECK(has(out, "I don't know /library resource remove."));
  CHECK_FALSE(f.in_flow("Aroha"));

  // Someone whose role changes part-way through can't save: the flow checks again.
  add_until_confirm(f, "Aroha", "Plateau Pack", "https://example.net/plateau");
  f.people["Aroha"].role = core::role::teacher;
  out = f.say("Aroha", "yes");
  CHECK(has(out, "/library resource is for library staff. You're set up as teacher"));
  CHECK_FALSE(f.in_flow("Aroha"));
  CHECK(f.db.count(catalogue::resources_collection) == 0);
  CHECK(f.after_commits == 0);
}

TEST_CASE("resource add: the save step checks the whole record again", "[resources][add]") {
  resource_fixture f;
  f.add_person("Aroha", core::role::library_staff);
  add_until_confirm(f, "Aroha", "Plateau Pack", "https://example.net/plateau");
  auto& s = f.sessions.begin()->second;
  s.vars["link"] = "javascript:alert(1)";  // as a tampered or outdated session might hold
  auto out = f.say("Aroha", "yes");
  CHECK(has(out, "I couldn't save that: link: not an http:// or https:// address."));
  CHECK(f.db.count(catalogue::resources_collection) == 0);
  CHECK(f.after_commits == 0);
}
