// The plan record and its checklist rule: JSON round trip, ticking and unticking, and the
// status moving between open and completed.
#include "collab/plan.hpp"
#include "collab/plan_records.hpp"
#include "collab/plan_ticks.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot::collab;

namespace {

plan sample_plan() {
  plan p;
  p.id = "p3";
  p.tenant = "school";
  p.title = "Rivers and lakes";
  p.learning_areas = {"Science", "Social Sciences"};
  p.year_levels = {"5-6", "NE"};
  p.owner = "console:sam";
  p.partners = {"console:sam", "console:aroha"};
  p.starts = "2025-03-03";
  p.ends = "2025-03-28";
  p.outcomes = "Compare two sources";
  p.support = "co-teach";
  p.model = "team";
  p.activities = "Search skills";
  p.assessment = "Checklist";
  p.checklist = {{"outcomes", true, "console:aroha", 1000}, {"support", false, "", 0}, {"share", false, "", 0}};
  p.status = plan_status::open;
  p.reflections = {{"Groups worked", "https://example.org/work", "More time", true, "console:sam", 2000}};
  p.shared = true;
  p.created_ms = 500;
  p.updated_ms = 1000;
  return p;
}

}  // namespace

TEST_CASE("a plan survives a JSON round trip field for field", "[collab][plans]") {
  const plan p = sample_plan();
  const nlohmann::json j = p;
  CHECK(j["status"] == "open");
  CHECK(j["checklist"][0]["ticked_by"] == "console:aroha");
  CHECK(j.get<plan>() == p);

  plan done = p;
  done.status = plan_status::reflected;
  CHECK(nlohmann::json(done).get<plan>().status == plan_status::reflected);
  CHECK(p.key() == "school/p3");
  CHECK(p.has_partner("console:aroha"));
  CHECK_FALSE(p.has_partner("console:mere"));
  CHECK(p.ticked_count() == 1);
}

TEST_CASE("a plan written by an older build (missing fields) still reads", "[collab][plans]") {
  const auto p = nlohmann::json::parse(R"({"id": "p1", "title": "Volcanoes", "checklist": [{"id": "outcomes"}]})").get<plan>();
  CHECK(p.id == "p1");
  CHECK(p.status == plan_status::open);
  CHECK(p.partners.empty());
  REQUIRE(p.checklist.size() == 1);
  CHECK_FALSE(p.checklist[0].ticked);
}

TEST_CASE("a tick records who and when, an untick clears both", "[collab][plans]") {
  plan p = sample_plan();
  auto t = toggle_items(p, {"support"}, "console:sam", 5000);
  REQUIRE(t.changes.size() == 1);
  CHECK(t.changes[0].ticked);
  CHECK(t.changes[0].count == 2);
  CHECK(p.checklist[1].ticked_by == "console:sam");
  CHECK(p.checklist[1].ticked_ms == 5000);
  CHECK(p.updated_ms == 5000);
  CHECK_FALSE(t.completed);

  t = toggle_items(p, {"outcomes"}, "console:sam", 6000);
  CHECK_FALSE(t.changes[0].ticked);
  CHECK(p.checklist[0].ticked_by.empty());
  CHECK(p.checklist[0].ticked_ms == 0);

  const plan before = p;
  t = toggle_items(p, {"nonsense"}, "console:sam", 7000);
  CHECK(t.changes.empty());
  CHECK(p == before);  // nothing changed, not even updated_ms
}

TEST_CASE("ticking the last item completes a plan, unticking one reopens it", "[collab][plans]") {
  plan p = sample_plan();
  auto t = toggle_items(p, {"support", "share"}, "console:aroha", 5000);
  CHECK(t.changes.size() == 2);
  CHECK(t.completed);
  CHECK(p.status == plan_status::completed);

  t = toggle_items(p, {"share"}, "console:sam", 6000);
  CHECK(t.reopened);
  CHECK(p.status == plan_status::open);

  // A reflected plan stays reflected whatever is ticked.
  p.status = plan_status::reflected;
  t = toggle_items(p, {"support"}, "console:sam", 7000);
  CHECK_FALSE(t.reopened);
  CHECK(p.status == plan_status::reflected);
}

TEST_CASE("typed numbers pick checklist items, or nothing if any is wrong", "[collab][plans]") {
  const plan p = sample_plan();
  CHECK(items_by_number(p, "1") == std::vector<std::string>{"outcomes"});
  CHECK(items_by_number(p, "3, 1") == std::vector<std::string>{"share", "outcomes"});
  CHECK(items_by_number(p, "2 2") == std::vector<std::string>{"support"});
  CHECK(items_by_number(p, "4").empty());
  CHECK(items_by_number(p, "0").empty());
  CHECK(items_by_number(p, "1 x").empty());
  CHECK(items_by_number(p, "").empty());
}

TEST_CASE("plan ids look like p and a number", "[collab][plans]") {
  CHECK(looks_like_plan_id("p3"));
  CHECK(looks_like_plan_id("P12"));
  CHECK_FALSE(looks_like_plan_id("p"));
  CHECK_FALSE(looks_like_plan_id("plants"));
  CHECK_FALSE(looks_like_plan_id("3"));
}
