// A meeting nudge as Slack (Block Kit) and the console show it: every part present, its
// three buttons pressable, and a busy group (long titles, many plans and resources) still
// within Slack's limits.
#include "adapters/console/console_adapter.hpp"
#include "adapters/slack/block_kit.hpp"
#include "collab/content.hpp"
#include "core/text.hpp"
#include "flows/flow_registry.hpp"
#include "nudges/nudge_content.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;

namespace {

struct drawn {
  drawn() {
    const std::string templates = std::string(COMMONSBOT_SOURCE_DIR) + "/templates";
    reg = flows::flow_registry::load(templates, "en-NZ", problems);
    words = collab::content::load(templates, reg.messages(), {"nudge_starters", "checklist", "learning_areas"}, problems);
    m.id = "m1";
    m.tenant = "school";
    m.name = "Years 5-6 syndicate";
    m.plans_for.learning_areas = {"maths"};
    m.when.zone = "Pacific/Auckland";
    m.location = "Room 12 & the library";
  }

  core::message build(std::size_t plans, std::size_t resources, std::size_t title_length) {
    nudges::nudge_inputs in;
    in.meeting = &m;
    in.occurrence = {{2025, 3, 11}, 8, 15};
    in.since = {2025, 3, 4};
    in.payload = "nudge-m1-0@2025-03-10T15:00|slack:U0123ABCDEF";
    for (std::size_t i = 0; i < plans; ++i) {
      collab::plan p;
      p.id = "p" + std::to_string(i + 1);
      p.title = std::string(title_length, 'P');
      for (const auto& item : words.list("checklist")) p.checklist.push_back({item.id, false, "", 0});
      in.plans.push_back(p);
    }
    for (std::size_t i = 0; i < resources; ++i) {
      catalogue::resource r;
      r.title = std::string(title_length, 'R');
      r.link = "https://example.org/" + std::string(title_length, 'x');
      in.resources.push_back(r);
    }
    return nudges::nudge_message(in, {reg.messages(), "en-NZ", &words});
  }

  flows::problem_list problems;
  flows::flow_registry reg;
  collab::content words;
  meetings::meeting m;
};

}  // namespace

TEST_CASE("nudge render: Slack blocks carry every part and the three buttons", "[adapters][nudges][render]") {
  drawn d;
  const auto msg = d.build(2, 1, 20);
  const auto pages = adapters::slack::render_pages(msg);
  REQUIRE(pages.size() == 1);
  const std::string all = pages[0].blocks.dump();
  CHECK(all.find("Before Years 5-6 syndicate on Tuesday 11 March, 8:15am") != std::string::npos);
  CHECK(all.find("Room 12 &amp; the library") != std::string::npos);
  CHECK(all.find("Conversation starters") != std::string::npos);
  CHECK(all.find("Open plans for this group") != std::string::npos);
  CHECK(all.find("New in the library since 4 March") != std::string::npos);
  std::vector<std::string> ids;
  for (const auto& b : pages[0].blocks)
    if (b["type"] == "actions")
      for (const auto& e : b["elements"])
        if (e["type"] == "button") ids.push_back(e["action_id"].get<std::string>());
  REQUIRE(ids.size() == 3);
  CHECK(ids[0] == "do:nudges.raise|nudge-m1-0@2025-03-10T15:00|slack:U0123ABCDEF");
  CHECK(ids[1].starts_with("do:nudges.snooze|"));
  CHECK(ids[2].starts_with("do:nudges.skip|"));
}

TEST_CASE("nudge render: a busy group stays within Slack's limits", "[adapters][nudges][render]") {
  drawn d;
  const auto msg = d.build(12, 20, 400);
  const auto pages = adapters::slack::render_pages(msg);
  REQUIRE_FALSE(pages.empty());
  for (const auto& p : pages) {
    CHECK(p.blocks.size() <= adapters::slack::max_blocks_per_message);
    CHECK(core::utf8_length(p.text) <= adapters::slack::max_fallback_text);
    for (const auto& b : p.blocks) {
      if (b.contains("text") && b["text"].contains("text"))
        CHECK(core::utf8_length(b["text"]["text"].get<std::string>()) <= adapters::slack::max_section_text);
      if (b["type"] == "actions")
        for (const auto& e : b["elements"]) CHECK(e["action_id"].get<std::string>().size() <= 255);
    }
  }
  // The lists were capped before rendering: three plans, four resources.
  const std::string text = core::plain_text(msg);
  CHECK(text.find("…and 9 more: /library plans") != std::string::npos);
  CHECK(text.find("…and 16 more: /library resources") != std::string::npos);
}

TEST_CASE("nudge render: the console numbers the buttons", "[adapters][nudges][render]") {
  drawn d;
  const std::string shown = adapters::console_adapter::render_text(d.build(1, 1, 12));
  INFO(shown);
  CHECK(shown.find("Before Years 5-6 syndicate on Tuesday 11 March, 8:15am") != std::string::npos);
  CHECK(shown.find("Where: Room 12 & the library") != std::string::npos);
  CHECK(shown.find("1. I'll raise it") != std::string::npos);
  CHECK(shown.find("2. Snooze 1 hour") != std::string::npos);
  CHECK(shown.find("3. Not this time") != std::string::npos);
  CHECK(shown.find("Still to do: ") != std::string::npos);
}
