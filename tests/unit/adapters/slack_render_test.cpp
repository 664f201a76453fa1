// Block Kit rendering within every limit, and the Web API requests the outbox sends.
#include "adapters/slack/block_kit.hpp"
#include "adapters/slack/web_api.hpp"
#include "core/text.hpp"
#include "slack_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace slack_test;
using namespace commonsbot::adapters::slack;
using nlohmann::json;

namespace {

// Every block of every page checked against the limits render_pages promises.
void check_limits(const std::vector<page>& pages) {
  for (const auto& p : pages) {
    CHECK(p.blocks.size() <= max_blocks_per_message);
    CHECK_FALSE(p.text.empty());
    CHECK(core::utf8_length(p.text) <= max_fallback_text);
    for (const auto& b : p.blocks) {
      if (b.contains("text")) CHECK(core::utf8_length(b["text"]["text"].get<std::string>()) <= max_section_text);
      if (b.contains("fields")) {
        CHECK(b["fields"].size() <= max_fields_per_section);
        for (const auto& fl : b["fields"]) CHECK(core::utf8_length(fl["text"].get<std::string>()) <= max_field_text);
      }
      if (b["type"] == "actions") {
        CHECK(b["elements"].size() <= max_actions_elements);
        for (const auto& e : b["elements"]) {
          if (e["type"] == "button") CHECK(core::utf8_length(e["text"]["text"].get<std::string>()) <= max_button_text);
          if (e["type"] == "static_select") CHECK(e["options"].size() <= max_select_options);
          if (e["type"] == "checkboxes") CHECK(e["options"].size() <= max_checkbox_options);
          if (e.contains("options"))
            for (const auto& o : e["options"]) CHECK(core::utf8_length(o["text"]["text"].get<std::string>()) <= max_option_text);
        }
      }
    }
  }
}

// All section texts of all pages, joined: what the reader sees.
std::string shown(const std::vector<page>& pages) {
  std::string out;
  for (const auto& p : pages)
    for (const auto& b : p.blocks)
      if (b["type"] == "section" && b.contains("text")) out += b["text"]["text"].get<std::string>();
  return out;
}

}  // namespace

TEST_CASE("slack: user text is escaped (& < > only) and the fallback is always set", "[slack][render]") {
  core::message m;
  m.text = "Tom & Jerry <script> 'quoted' \"x\" > y";
  auto pages = render_pages(m);
  REQUIRE(pages.size() == 1);
  CHECK(pages[0].blocks[0]["text"]["text"] == "Tom &amp; Jerry &lt;script&gt; 'quoted' \"x\" &gt; y");
  CHECK(pages[0].text.find("&amp;") != std::string::npos);
  core::message empty;
  CHECK_FALSE(render_pages(empty).front().text.empty());
}

TEST_CASE("slack: long text is split into sections, never cut, entities kept whole", "[slack][render]") {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "M\xC4\x81ori & more ";  // 2-byte code points and entities
  core::message m;
  m.text = text;
  auto pages = render_pages(m);
  check_limits(pages);
  CHECK(shown(pages) == escape_mrkdwn(text));
  for (const auto& piece : split_text(escape_mrkdwn(text), max_section_text)) {
    CHECK(core::is_valid_utf8(piece));
    CHECK(piece.rfind("amp;", 0) != 0);
  }
  const std::string nospace(7000, 'x');
  auto hard = split_text(nospace, max_section_text);
  CHECK(hard.size() == 3);
}

TEST_CASE("slack: more than 50 blocks become several pages in order", "[slack][render]") {
  core::message m;
  for (int i = 0; i < 70; ++i) m.sections.push_back({"", "section " + std::to_string(i), {}});
  auto pages = render_pages(m);
  REQUIRE(pages.size() == 2);
  check_limits(pages);
  CHECK(pages[0].blocks.size() == 50);
  CHECK(pages[1].blocks.back()["text"]["text"] == "section 69");
}

TEST_CASE("slack: many choices become selects of at most 100 options", "[slack][render]") {
  core::message m;
  for (int i = 0; i < 230; ++i) m.choices.push_back({"plan:pick/o" + std::to_string(i), "Option " + std::to_string(i), "o" + std::to_string(i)});
  auto pages = render_pages(m);
  check_limits(pages);
  std::size_t options = 0, selects = 0;
  for (const auto& p : pages)
    for (const auto& b : p.blocks)
      if (b["type"] == "actions")
        for (const auto& e : b["elements"]) {
          ++selects;
          options += e["options"].size();
          CHECK(e["options"][0]["value"].get<std::string>().rfind("plan:pick/o", 0) == 0);
        }
  CHECK(selects == 3);
  CHECK(options == 230);
}

TEST_CASE("slack: a few choices are buttons, a label over 75 characters is listed in full", "[slack][render]") {
  core::message m;
  m.choices = {{"plan:format/unit", "A unit", "unit"}, {"plan:format/lesson", "One lesson", "lesson"}};
  auto pages = render_pages(m);
  const auto& buttons = pages[0].blocks.back()["elements"];
  REQUIRE(buttons.size() == 2);
  CHECK(buttons[0]["action_id"] == "plan:format/unit");
  CHECK(buttons[0]["value"] == "unit");
  CHECK(buttons[0]["text"]["text"] == "A unit");

  const std::string long_label(120, 'L');
  m.choices[1].label = long_label;
  pages = render_pages(m);
  check_limits(pages);
  CHECK(shown(pages).find(long_label) != std::string::npos);  // the full label is shown
  CHECK(pages[0].blocks.back()["elements"][1]["text"]["text"] == "2");
}

TEST_CASE("slack: a checklist becomes checkboxes of at most 10, ticks carried in the block id", "[slack][render]") {
  core::message m;
  for (int i = 0; i < 23; ++i) m.checklist.push_back({"prep:list/i" + std::to_string(i), "Item " + std::to_string(i), i == 11, ""});
  auto pages = render_pages(m);
  check_limits(pages);
  std::vector<json> boxes;
  for (const auto& b : pages[0].blocks)
    if (b["type"] == "actions" && b["elements"][0]["type"] == "checkboxes") boxes.push_back(b);
  REQUIRE(boxes.size() == 3);
  CHECK(boxes[1]["block_id"] == "cl1.2");  // item 11 is the second of the second chunk
  CHECK(boxes[1]["elements"][0]["initial_options"].size() == 1);
  CHECK_FALSE(boxes[0]["elements"][0].contains("initial_options"));
  unsigned mask = 0;
  CHECK(parse_checklist_block_id("cl1.2", mask));
  CHECK(mask == 2);
}

TEST_CASE("slack: fields, links and context stay within their limits", "[slack][render]") {
  core::message m;
  core::section s{"Plan <Rivers>", "", {}};
  for (int i = 0; i < 13; ++i) s.fields.push_back({"Label " + std::to_string(i), "value"});
  s.fields.push_back({"Huge", std::string(2500, 'h')});
  m.sections.push_back(s);
  m.links = {{"Water & you", "https://example.org/a?b=1&c=2"}};
  m.context = "Type back or cancel";
  auto pages = render_pages(m);
  check_limits(pages);
  const std::string all = shown(pages);
  CHECK(all.find("*Plan &lt;Rivers&gt;*") != std::string::npos);
  CHECK(all.find("<https://example.org/a?b=1&amp;c=2|Water &amp; you>") != std::string::npos);
  CHECK(all.find(std::string(2500, 'h')) != std::string::npos);
  CHECK(pages[0].blocks.back()["type"] == "context");
}

TEST_CASE("slack: render builds chat.postMessage, postEphemeral and response_url calls", "[slack][render]") {
  const auto s = test_settings();
  core::message m;
  m.text = "Hello";
  core::conversation_ref channel{"slack", "T1", "C9", "U1", "171.5", "", ""};
  auto post = render_requests(s, m, channel);
  REQUIRE(post.size() == 1);
  CHECK(post[0].url == "https://slack.test/api/chat.postMessage");
  CHECK(post[0].rate_bucket == "slack:T1:C9");
  CHECK(post[0].headers.back().second == "Bearer xoxb-test-token");
  auto body = json::parse(post[0].body);
  CHECK(body["channel"] == "C9");
  CHECK(body["thread_ts"] == "171.5");
  CHECK(body["text"] == "Hello");

  m.ephemeral = true;
  auto eph = render_requests(s, m, channel);
  CHECK(eph[0].url == "https://slack.test/api/chat.postEphemeral");
  CHECK(json::parse(eph[0].body)["user"] == "U1");
  CHECK(eph[0].rate_bucket == "slack:T1:chat.postEphemeral");

  // A DM: conversations.open first, its channel captured for the post (and remembered).
  core::conversation_ref dm{"slack", "T1", "", "U7", "", "", ""};
  m.ephemeral = false;
  auto to_dm = render_requests(s, m, dm);
  REQUIRE(to_dm.size() == 2);
  CHECK(to_dm[0].url == "https://slack.test/api/conversations.open");
  CHECK(json::parse(to_dm[0].body)["users"] == "U7");
  CHECK(to_dm[0].rate_bucket == "slack:T1:conversations.open");
  CHECK(to_dm[0].capture == "/channel/id");
  CHECK(to_dm[0].remember_as == "slack:T1:dm:U7");
  const auto placeholder = adapters::capture_placeholder(to_dm[0].capture_as);
  CHECK(to_dm[1].url == "https://slack.test/api/chat.postMessage");
  CHECK(json::parse(to_dm[1].body)["channel"] == placeholder);
  CHECK(to_dm[1].rate_bucket == "slack:T1:" + placeholder);
  CHECK(to_dm[1].capture.empty());

  core::conversation_ref hook{"slack", "T1", "C9", "U1", "", "https://hooks.slack.com/actions/x", ""};
  auto r = render_requests(s, m, hook);
  CHECK(r[0].url == "https://hooks.slack.com/actions/x");
  for (const auto& [k, v] : r[0].headers) CHECK(k != "Authorization");  // no token to a response_url
  CHECK(json::parse(r[0].body)["response_type"] == "ephemeral");

  auto open = open_conversation(s, "T1", "U7");
  CHECK(open.url == "https://slack.test/api/conversations.open");
  CHECK(json::parse(open.body)["users"] == "U7");
  auto upd = update_message(s, "T1", "C9", "171.5", render_pages(m)[0]);
  CHECK(json::parse(upd.body)["ts"] == "171.5");
}
