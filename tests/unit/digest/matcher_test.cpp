// Matching and ranking new resources against interest profiles: per area, year and keyword;
// ranking order; reasons; the cap and grouping; never twice; the watermark.
#include "digest_support.hpp"

#include "catalogue/catalogue.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using namespace commonsbot::digest;
using digest::testkit::res;
using digest::testkit::teacher;
using kind = reason_part::kind;

TEST_CASE("a resource matches by learning area when its years overlap the teacher's", "[digest][matcher]") {
  const matcher m({res("sci5", "Rock cycle", {"Science"}, {5, 6}), res("math5", "Fractions", {"maths"}, {5}),
                   res("sci10", "Ionic bonds", {"Science"}, {10}), res("sci_any", "Lab safety", {"Science"}, {})});
  const auto d = m.match(teacher({"science"}, {5}));
  CHECK(d.ids() == std::vector<std::string>{"sci5", "sci_any"});  // years unknown: not ruled out
  CHECK(d.candidates == 2);
}

TEST_CASE("a keyword or interest matches when the resource has all its words", "[digest][matcher]") {
  const matcher m({res("reo", "Waiata for the classroom", {"The Arts"}, {5}, {"te reo Māori"}),
                   res("te_only", "Te Papa visit", {"Social Sciences"}, {5}),
                   res("robots", "Build a rover", {"Technology"}, {}, {}, "2026-03-10", "kit", "Robotics for beginners")});
  const auto d = m.match(teacher({}, {5}, {"te reo"}, {"robotics"}));
  REQUIRE(d.size() == 2);
  CHECK(d.ids() == std::vector<std::string>{"reo", "robots"});
  const pick& first = d.groups[0].picks[0];
  CHECK(first.reason == std::vector<reason_part>{{kind::follows, {"te reo"}}});
  CHECK(d.groups[1].picks[0].reason == std::vector<reason_part>{{kind::follows, {"robotics"}}});
}

TEST_CASE("ranking: area, year and keyword beat area and year, which beat a keyword alone", "[digest][matcher]") {
  const matcher m({res("kw_only", "Volcano myths", {"English"}, {5}, {"volcano"}),
                   res("area_year", "Forces", {"Science"}, {5}),
                   res("all", "Volcano science", {"Science"}, {5}, {"volcano"}),
                   res("area_only", "Energy", {"Science"}, {})});
  const auto d = m.match(teacher({"science"}, {5}, {"volcano"}));
  std::vector<std::pair<std::string, double>> order;
  for (const auto& g : d.groups)
    for (const auto& p : g.picks) order.emplace_back(p.item->id, p.score);
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  REQUIRE(order.size() == 4);
  CHECK(order[0].first == "all");
  CHECK(order[1].first == "area_year");
  CHECK(order[2].first == "area_only");
  CHECK(order[3].first == "kw_only");
}

TEST_CASE("rarer keywords count for more, and newer items break ties", "[digest][matcher]") {
  std::vector<std::shared_ptr<const catalogue::resource>> items;
  for (int i = 0; i < 10; ++i) items.push_back(res("common" + std::to_string(i), "Reading", {"English"}, {}, {"reading"}));
  items.push_back(res("rare", "Haiku", {"English"}, {}, {"haiku"}));
  items.push_back(res("old", "Forces", {"Science"}, {}, {}, "2026-02-01"));
  items.push_back(res("new", "Magnets", {"Science"}, {}, {}, "2026-03-09"));
  const matcher m(items);
  const auto d = m.match(teacher({"science"}, {}, {"reading", "haiku"}), {.cap = 20});
  const auto all = d.ids();
  CHECK(std::find(all.begin(), all.end(), "rare") < std::find(all.begin(), all.end(), "common0"));
  CHECK(std::find(all.begin(), all.end(), "new") < std::find(all.begin(), all.end(), "old"));
}

TEST_CASE("the reason says what matched: area with years, and words", "[digest][matcher]") {
  const matcher m({res("r1", "Weather", {"Science", "Mathematics and Statistics"}, {4, 5, 6}, {"te reo"})});
  const auto d = m.match(teacher({"maths", "science"}, {5, 6, 8}, {"te reo"}));
  REQUIRE(d.size() == 1);
  CHECK(d.groups[0].area == "Mathematics and Statistics");  // the teacher's first area that matched
  CHECK(d.groups[0].picks[0].reason ==
        std::vector<reason_part>{{kind::teaches, {"Mathematics and Statistics", "5", "6"}}, {kind::follows, {"te reo"}}});
  const auto no_years = m.match(teacher({"science"}, {}));
  CHECK(no_years.groups[0].picks[0].reason == std::vector<reason_part>{{kind::teaches, {"Science"}}});
}

TEST_CASE("the digest is capped and grouped by learning area", "[digest][matcher]") {
  std::vector<std::shared_ptr<const catalogue::resource>> items;
  for (int i = 0; i < 6; ++i) items.push_back(res("s" + std::to_string(i), "Science " + std::to_string(i), {"Science"}, {5}, {"space"}));
  for (int i = 0; i < 6; ++i) items.push_back(res("e" + std::to_string(i), "English " + std::to_string(i), {"English"}, {5}));
  items.push_back(res("t0", "Space rover", {"Technology"}, {5}, {"space"}));
  const matcher m(items);
  const auto d = m.match(teacher({"science", "english"}, {5}, {"space"}));
  CHECK(d.size() == 8);
  CHECK(d.candidates == 13);
  REQUIRE(d.groups.size() == 2);
  CHECK(d.groups[0].area == "Science");
  CHECK(d.groups[0].picks.size() == 6);
  CHECK(d.groups[1].area == "English");
  CHECK(d.groups[1].picks.size() == 2);
  const auto more = m.match(teacher({"science", "english"}, {5}, {"space"}), {.cap = 20});
  REQUIRE(more.groups.size() == 3);
  CHECK(more.groups[2].area == "Technology");  // came in by keyword: grouped under its own area
  CHECK(m.match(teacher({"science"}, {5}), {.cap = 3}).size() == 3);
}

TEST_CASE("never the same item twice: sent ids are left out", "[digest][matcher]") {
  const matcher m({res("a", "A", {"Science"}, {5}), res("b", "B", {"Science"}, {5}), res("c", "C", {"Science"}, {5})});
  const profile p = teacher({"science"}, {5});
  sent_state sent;
  const auto first = m.match(p, sent, {.cap = 2});
  REQUIRE(first.size() == 2);
  record_sent(sent, first.ids(), first.newest_added, 1000);
  const auto second = m.match(p, sent, {.cap = 2});
  REQUIRE(second.size() == 1);
  for (const auto& id : first.ids()) CHECK(id != second.ids()[0]);
  record_sent(sent, second.ids(), second.newest_added, 2000);
  CHECK(m.match(p, sent).empty());
  CHECK(m.match(p).size() == 3);  // without the sent state: someone never sent anything
}

TEST_CASE("nothing added before the watermark is offered", "[digest][matcher]") {
  const matcher m({res("old", "Old", {"Science"}, {5}, {}, "2026-03-01"),
                   res("same_day", "Same day", {"Science"}, {5}, {}, "2026-03-10"),
                   res("new", "New", {"Science"}, {5}, {}, "2026-03-12")});
  const profile p = teacher({"science"}, {5});
  sent_state sent;
  sent.last_sent_added = "2026-03-10";
  const auto d = m.match(p, sent);
  CHECK(d.ids() == std::vector<std::string>{"new", "same_day"});
  CHECK(d.newest_added == "2026-03-12");
}

TEST_CASE("undated items and empty profiles give nothing", "[digest][matcher]") {
  const matcher m({res("undated", "No date", {"Science"}, {5}, {}, ""), res("dated", "Dated", {"Science"}, {5})});
  CHECK(m.size() == 1);
  CHECK(m.match(teacher({}, {})).empty());
  CHECK(m.match(teacher({}, {}, {"nosuchword"})).empty());
  CHECK(matcher({}).match(teacher({"science"}, {5})).empty());
}

TEST_CASE("added_since takes the catalogue's own and shared resources from a date", "[digest][matcher]") {
  catalogue::catalogue cat;
  std::vector<catalogue::resource> shared;
  for (int i = 0; i < 5000; ++i) {
    catalogue::resource r = *res("old" + std::to_string(i), "Old", {"Science"}, {5}, {}, "2024-01-01");
    shared.push_back(r);
  }
  shared.push_back(*res("shared_new", "Shared new", {"Science"}, {5}, {}, "2026-03-05"));
  cat.set_shared(std::move(shared));
  cat.upsert("school", *res("own_new", "Own new", {"Science"}, {5}, {}, "2026-03-09"));
  cat.upsert("other", *res("theirs", "Theirs", {"Science"}, {5}, {}, "2026-03-09"));
  const auto m = matcher::added_since(cat, "school", "2026-03-01");
  CHECK(m.size() == 2);
  CHECK(m.match(teacher({"science"}, {5})).ids() == std::vector<std::string>{"own_new", "shared_new"});
}
