// Teams cards: core::message drawn as message activities with Adaptive Cards, user text
// escaped so it shows literally, and big messages split across activities under the cap
// with nothing lost.
#include "adapters/teams/card_actions.hpp"
#include "adapters/teams/cards.hpp"
#include "core/text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <set>

namespace teams = commonsbot::adapters::teams;
namespace core = commonsbot::core;
using nlohmann::json;

namespace {

// What a CommonMark renderer shows for text escape_markdown wrote: backslash escapes of
// ASCII punctuation dropped, no-break spaces as spaces, hard breaks as line breaks.
std::string card_shown(std::string_view md) {
  std::string out;
  for (std::size_t i = 0; i < md.size(); ++i) {
    if (md[i] == '\\' && i + 1 < md.size() && std::ispunct(static_cast<unsigned char>(md[i + 1]))) {
      out += md[++i];
    } else if (md.substr(i, 2) == "\xC2\xA0") {
      out += ' ';
      ++i;
    } else if (md.substr(i, 3) == "  \n") {
      out += '\n';
      i += 2;
    } else {
      out += md[i];
    }
  }
  return out;
}

// True when every character with a Markdown meaning anywhere in a line is escaped.
bool card_all_escaped(std::string_view md) {
  for (std::size_t i = 0; i < md.size(); ++i) {
    if (md[i] == '\\') {
      ++i;  // the escaped character
      continue;
    }
    if (std::string_view("*_`[]<>&~").find(md[i]) != std::string_view::npos) return false;
  }
  return true;
}

std::vector<json> card_body(const std::vector<json>& activities) {
  std::vector<json> out;
  for (const auto& a : activities)
    if (const json* card = teams::card_of(a))
      for (const auto& e : (*card)["body"]) out.push_back(e);
  return out;
}

// Every TextBlock text and fact, one per line: what the reader sees.
std::string card_texts(const std::vector<json>& activities) {
  std::string out;
  for (const auto& e : card_body(activities)) {
    if (e["type"] == "TextBlock") out += e["text"].get<std::string>() + "\n";
    if (e["type"] == "FactSet")
      for (const auto& f : e["facts"])
        out += f["title"].get<std::string>() + "\n" + f["value"].get<std::string>() + "\n";
  }
  return out;
}

std::size_t card_count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

std::string card_pad(std::size_t n) {
  std::string s = std::to_string(n);
  return std::string(3 - s.size(), '0') + s;
}

// A digest as digest::compose builds one: a section per resource, three buttons each.
core::message card_digest(std::size_t resources) {
  core::message m;
  m.text = "Kia ora Aroha, here are " + std::to_string(resources) + " new resources for you.";
  for (std::size_t i = 1; i <= resources; ++i) {
    const std::string id = "r" + card_pad(i);
    core::section s;
    s.title = std::to_string(i) + ". Rivers & *streams* [" + card_pad(i) + "] <b>";
    s.text = "A unit on the water cycle for years 5-8, with field trips, readings and a short quiz to finish.";
    s.fields = {{"Why", "Because you teach science"}, {"Link", "https://example.org/resources/" + id}};
    m.sections.push_back(s);
    for (const char* v : {"useful", "not_for_me", "more_like_this"})
      m.choices.push_back({"do:digest.feedback|" + std::string(v) + "|" + id, std::string(v) + " " + card_pad(i),
                           std::string(v) + "|" + id});
  }
  m.choices.push_back({"do:digest.unsubscribe|", "Unsubscribe", ""});
  m.context = "Reply with a number, or press a button.";
  return m;
}

void card_check_activities(const std::vector<json>& activities, std::size_t cap) {
  REQUIRE_FALSE(activities.empty());
  for (const auto& a : activities) {
    CHECK(teams::serialised_bytes(a) <= cap);
    CHECK(a["type"] == "message");
    const auto summary = a["summary"].get<std::string>();
    CHECK_FALSE(core::trim(summary).empty());
    CHECK(core::utf8_length(summary) <= teams::max_summary_chars);
    if (const json* card = teams::card_of(a)) {
      CHECK_FALSE(a.contains("text"));  // a card and text would make Teams split the message
      CHECK((*card)["type"] == "AdaptiveCard");
      CHECK((*card)["version"] == "1.5");
      CHECK((*card)["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json");
    }
  }
}

}  // namespace

TEST_CASE("teams cards: user text is escaped so it shows literally", "[teams][cards]") {
  CHECK(teams::escape_markdown("*Rivers* [1] <b>") == "\\*Rivers\\* \\[1\\] \\<b\\>");
  CHECK(teams::escape_markdown("Tom & Jerry") == "Tom \\& Jerry");
  CHECK(teams::escape_markdown("snake_case `code` ~~gone~~") == "snake\\_case \\`code\\` \\~\\~gone\\~\\~");
  CHECK(teams::escape_markdown("- not a list") == "\\- not a list");
  CHECK(teams::escape_markdown("+ nor this") == "\\+ nor this");
  CHECK(teams::escape_markdown("1. nor this") == "1\\. nor this");
  CHECK(teams::escape_markdown("12) nor this") == "12\\) nor this");
  CHECK(teams::escape_markdown("# not a heading") == "\\# not a heading");
  CHECK(teams::escape_markdown("> not a quote") == "\\> not a quote");
  CHECK(teams::escape_markdown("===") == "\\===");
  CHECK(teams::escape_markdown("a - b + c # d 1. e") == "a - b + c # d 1. e");  // only at a line's start
  CHECK(teams::escape_markdown("{{DATE(2026-02-14T06:00:00Z, SHORT)}}") == "{\\{DATE(2026-02-14T06:00:00Z, SHORT)}}");
  CHECK(teams::escape_markdown("    code?") == "\xC2\xA0\xC2\xA0\xC2\xA0\xC2\xA0" "code?");
  CHECK(teams::escape_markdown("one\ntwo\n\nthree") == "one  \ntwo\n\nthree");
  CHECK(teams::escape_markdown("a\\*b") == "a\\\\\\*b");
  CHECK(teams::escape_markdown("M\xC4\x81ori") == "M\xC4\x81ori");

  for (const std::string s : {"*Rivers* [1] <b>", "<script>alert(1)</script>", "**bold** __also__", "[a](http://x)",
                              "![img](x.png)", "&amp; &lt;", "1. one\n2. two\n- three\n  * four", "\\*", "a\\b",
                              "<https://autolink.example>", "x_y_z *a*b* c", "Kāore **rawa**"}) {
    const auto md = teams::escape_markdown(s);
    CAPTURE(s, md);
    CHECK(card_all_escaped(md));
    CHECK(card_shown(md) == s);
  }
}

TEST_CASE("teams cards: a plan titled with Markdown shows it literally in the card", "[teams][cards]") {
  core::message m;
  m.text = "Plan p3: *Rivers* [1] <b>";
  m.sections.push_back({"*Rivers* [1] <b>", "", {{"Partners", "Aroha & Mere"}}});
  m.checklist.push_back({"do:plans.tick|p3/outcomes", "Learning outcomes", true, "Aroha"});
  const auto activities = teams::render_activities(m);
  REQUIRE(activities.size() == 1);
  card_check_activities(activities, teams::default_activity_cap);
  const auto body = card_body(activities);
  CHECK(body[0] == json{{"type", "TextBlock"}, {"text", "Plan p3: \\*Rivers\\* \\[1\\] \\<b\\>"}, {"wrap", true}});
  CHECK(body[1] ==
        json{{"type", "TextBlock"}, {"text", "\\*Rivers\\* \\[1\\] \\<b\\>"}, {"wrap", true}, {"weight", "bolder"}});
  CHECK(body[2] == json{{"type", "FactSet"}, {"facts", {{{"title", "Partners"}, {"value", "Aroha \\& Mere"}}}}});
  // The summary is plain text: nothing to escape there.
  CHECK(activities[0]["summary"].get<std::string>().starts_with("Plan p3: *Rivers* [1] <b>"));
}

TEST_CASE("teams cards: a message of only text is a plain-text activity", "[teams][cards]") {
  core::message m;
  m.text = "Kia ora *Aroha*";
  m.context = "Type help for more.";
  const auto activities = teams::render_activities(m);
  REQUIRE(activities.size() == 1);
  CHECK(activities[0] == json{{"type", "message"},
                              {"text", "Kia ora *Aroha*\n\nType help for more."},
                              {"textFormat", "plain"},
                              {"summary", "Kia ora *Aroha* Type help for more."}});
  CHECK(teams::card_of(activities[0]) == nullptr);

  core::message huge;
  for (int i = 0; i < 20'000; ++i) huge.text += "word" + std::to_string(i) + " ";
  const auto parts = teams::render_activities(huge);
  CHECK(parts.size() > 1);
  card_check_activities(parts, teams::default_activity_cap);
  std::string joined;
  for (const auto& p : parts) joined += p["text"].get<std::string>();
  CHECK(joined == huge.text);
}

TEST_CASE("teams cards: sections, links and context", "[teams][cards]") {
  core::message m;
  m.sections.push_back({"Outcomes", "Students explain the water cycle.", {}});
  m.links.push_back({"Water (cycle) notes", "https://example.org/a_(b) c"});
  m.links.push_back({"", "https://example.org/plain"});
  m.links.push_back({"Not a link", "javascript:alert(1)"});
  m.context = "Plan p3 · 1/2 ticked";
  const auto body = card_body(teams::render_activities(m));
  REQUIRE(body.size() == 4);
  CHECK(body[0]["weight"] == "bolder");
  CHECK(body[1]["text"] == "Students explain the water cycle.");
  CHECK(body[2]["text"] ==
        "- [Water (cycle) notes](https://example.org/a_%28b%29%20c)\n"
        "- [https://example.org/plain](https://example.org/plain)\n"
        "- Not a link: javascript:alert(1)");
  CHECK(body[3] == json{{"type", "TextBlock"},
                        {"text", "Plan p3 · 1/2 ticked"},
                        {"wrap", true},
                        {"isSubtle", true},
                        {"size", "small"}});
}

TEST_CASE("teams cards: a few choices are buttons, many a choice set", "[teams][cards]") {
  core::message m;
  m.text = "Which area?";
  m.choices = {{"plan:area/science", "Science", "science"}, {"plan:area/maths", "Maths", "maths"}};
  auto body = card_body(teams::render_activities(m));
  REQUIRE(body.size() == 2);
  CHECK(body[1] == json::parse(R"j({"type":"ActionSet","actions":[
    {"type":"Action.Submit","title":"Science","associatedInputs":"none",
     "data":{"cb":"button","id":"plan:area/science","value":"science"}},
    {"type":"Action.Submit","title":"Maths","associatedInputs":"none",
     "data":{"cb":"button","id":"plan:area/maths","value":"maths"}}]})j"));

  for (int i = 0; i < 6; ++i) m.choices.push_back({"plan:area/a" + std::to_string(i), "Area " + std::to_string(i), ""});
  body = card_body(teams::render_activities(m));
  REQUIRE(body.size() == 3);
  CHECK(body[1]["type"] == "Input.ChoiceSet");
  CHECK(body[1]["id"] == "pick.0");
  CHECK(body[1]["style"] == "compact");
  CHECK(body[1]["isRequired"] == true);
  CHECK(body[1]["choices"].size() == 8);
  CHECK(body[1]["choices"][0] == json{{"title", "Science"}, {"value", "plan:area/science"}});
  CHECK(body[2]["actions"][0]["data"] == json{{"cb", "pick"}, {"input", "pick.0"}});

  core::message longer;
  longer.choices = {{"c:s/1", std::string(60, 'x'), "1"}};  // too long for a button
  CHECK(card_body(teams::render_activities(longer))[0]["type"] == "Input.ChoiceSet");
}

TEST_CASE("teams cards: the checklist is toggles and one Action.Execute", "[teams][cards]") {
  core::message m;
  m.checklist = {{"do:plans.tick|p3/outcomes", "Learning outcomes", true, "Aroha"},
                 {"do:plans.tick|p3/resources", "Resources", false, ""}};
  m.choices = {{"c:s/1", "One", "1"}, {"c:s/2", "Two", "2"}, {"c:s/3", "Three", "3"}, {"c:s/4", "Four", "4"},
               {"c:s/5", "Five", "5"}, {"c:s/6", "Six", "6"}};
  const auto body = card_body(teams::render_activities(m));
  REQUIRE(body.size() == 5);
  CHECK(body[0] == json::parse(R"j({"type":"Input.Toggle","id":"tick.0","title":"Learning outcomes (ticked by Aroha)",
    "value":"true","valueOn":"true","valueOff":"false","wrap":true})j"));
  CHECK(body[1]["title"] == "Resources");
  CHECK(body[1]["value"] == "false");
  CHECK(body[2] == json::parse(R"j({"type":"ActionSet","actions":[{"type":"Action.Execute","title":"Save ticks",
    "verb":"checklist","data":{"cb":"checklist","ids":["do:plans.tick|p3/outcomes","do:plans.tick|p3/resources"],
    "ticked":"10","first":0}}]})j"));
  // A required choice set would stop the checklist's button from sending.
  CHECK_FALSE(body[3].contains("isRequired"));
}

TEST_CASE("teams cards: a 200-resource digest is split under the cap, nothing lost", "[teams][cards]") {
  const auto m = card_digest(200);
  for (const std::size_t cap : {teams::default_activity_cap, std::size_t{8 * 1024}}) {
    CAPTURE(cap);
    const auto activities = teams::render_activities(m, {cap});
    CHECK(activities.size() > 1);
    card_check_activities(activities, cap);
    const std::string texts = card_texts(activities);
    for (std::size_t i = 1; i <= 200; ++i) {
      CAPTURE(i);
      CHECK(card_count(texts, teams::escape_markdown("Rivers & *streams* [" + card_pad(i) + "] <b>")) == 1);
      CHECK(card_count(texts, "https://example.org/resources/r" + card_pad(i) + "\n") == 1);
    }
    // Every choice is offered exactly once, and every pick input id is unique.
    std::map<std::string, int> offered;
    std::set<std::string> inputs;
    for (const auto& e : card_body(activities)) {
      if (e["type"] != "Input.ChoiceSet") continue;
      CHECK(e["choices"].size() <= teams::max_choice_set_options);
      CHECK(inputs.insert(e["id"].get<std::string>()).second);
      for (const auto& c : e["choices"]) ++offered[c["value"].get<std::string>()];
    }
    CHECK(offered.size() == m.choices.size());
    for (const auto& c : m.choices) CHECK(offered[c.id] == 1);
    CHECK(card_count(texts, "Kia ora Aroha") == 1);
    CHECK(card_count(texts, "Reply with a number") == 1);
  }
}

TEST_CASE("teams cards: long text and long checklists split, never cut", "[teams][cards]") {
  core::message m;
  for (int i = 0; i < 3000; ++i) m.text += "M\xC4\x81ori *kupu* " + std::to_string(i) + (i % 40 ? " " : "\n");
  for (int i = 0; i < 300; ++i)
    m.checklist.push_back({"do:plans.tick|p3/i" + std::to_string(i), "Item", i % 2 == 0, ""});
  const auto activities = teams::render_activities(m, {6 * 1024});
  card_check_activities(activities, 6 * 1024);
  std::string shown;
  std::size_t toggles = 0, executes = 0;
  for (const auto& e : card_body(activities)) {
    if (e["type"] == "TextBlock") shown += card_shown(e["text"].get<std::string>());
    if (e["type"] == "Input.Toggle") CHECK(e["id"] == "tick." + std::to_string(toggles++));
    if (e["type"] == "ActionSet" && e["actions"][0]["type"] == "Action.Execute") ++executes;
  }
  // Pieces end at line breaks or spaces, kept; hard breaks show as the line breaks they were.
  CHECK(shown == m.text);
  CHECK(toggles == 300);
  CHECK(executes > 1);

  // A field too big for a fact under a small cap becomes a heading and text pieces.
  core::message wide;
  std::string kanji;
  for (int i = 0; i < 1500; ++i) kanji += "æ°´";  // 水, three bytes each
  wide.sections.push_back({"Notes", "", {{"Kupu", kanji}, {"Short", "yes"}}});
  const auto parts = teams::render_activities(wide, {teams::min_activity_cap});
  card_check_activities(parts, teams::min_activity_cap);
  std::string joined;
  for (const auto& e : card_body(parts))
    if (e["type"] == "TextBlock" && !e.contains("weight")) joined += e["text"].get<std::string>();
  CHECK(joined == kanji);
}

TEST_CASE("teams cards: the summary is never empty", "[teams][cards]") {
  core::message empty;
  core::message buttons_only;
  buttons_only.choices = {{"c:s/yes", "Yes", "yes"}};
  core::message ticks_only;
  ticks_only.checklist = {{"c:s/a", "", false, ""}};
  for (const auto* m : {&empty, &buttons_only, &ticks_only})
    card_check_activities(teams::render_activities(*m), teams::default_activity_cap);
  CHECK(teams::render_activities(buttons_only)[0]["summary"] == "1. Yes");
  CHECK(teams::summary_text(" \n\t ") == "\xE2\x80\xA6");
  const std::string long_text(500, 'a');
  CHECK(teams::summary_text(long_text) == std::string(199, 'a') + "\xE2\x80\xA6");
  CHECK(teams::summary_text("one\ntwo\r\n\tthree") == "one two three");
}

TEST_CASE("teams cards: a redrawn card answers the Action.Execute in place", "[teams][cards]") {
  core::message m;
  m.text = "Plan p3";
  m.checklist = {{"do:plans.tick|p3/outcomes", "Learning outcomes", true, "Aroha"}};
  const auto answer = teams::execute_answer(m);
  CHECK(answer["statusCode"] == 200);
  CHECK(answer["type"] == "application/vnd.microsoft.card.adaptive");
  CHECK(answer["value"] == *teams::card_of(teams::render_activities(m)[0]));
  core::message text_only;
  text_only.text = "Saved.";
  CHECK(teams::execute_answer(text_only) ==
        json{{"statusCode", 200}, {"type", "application/vnd.microsoft.activity.message"}, {"value", "Saved."}});
}
