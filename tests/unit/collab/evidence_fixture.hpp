// The evidence unit tests' world (log, reflect, share, survey, report): the collab fixture
// with their actions, a staff channel, four people and helpers to seed plans.
//
// The continuum and model lists are built here (collab::content::add), so the tests do not
// depend on the school-editable files in templates/content.
#pragma once

#include "collab/actions_by_area.hpp"
#include "collab/plan.hpp"
#include "collab_fixture.hpp"

namespace commonsbot::test::ev {

using collab_test::day_ms;
using collab_test::has;
using collab_test::monday_ms;

struct fixture : collab_test::world {
  fixture() {
    load({"survey"});
    add_words();
    services.words = &words;
    services.staff_channels["school"] = {"", "school", "staff-room", "", "", "", ""};
    collab::detail::add_log_actions(actions, services);
    collab::detail::add_reflect_actions(actions, services);
    collab::detail::add_share_actions(actions, services);
    collab::detail::add_survey_actions(actions, services);
    collab::detail::add_report_actions(actions, services);
    check({"log", "reflect", "share", "survey", "report"}, [](const flows::problem& p) {
      for (const char* mine : {"log.json", "reflect.json", "share.json", "survey.json", "report.json"})
        if (p.file.ends_with(std::string("/") + mine)) return true;
      return false;
    });
    aroha = add_person("Aroha", core::role::library_staff);
    sam = add_person("Sam", core::role::teacher);
    tama = add_person("Tama", core::role::teacher);
    mere = add_person("Mere", core::role::leader);
  }

  void put(std::string_view collection, const std::string& key, const nlohmann::json& value) {
    store::transaction t;
    t.put(std::string(collection), key, value);
    REQUIRE(db.commit(std::move(t)));
  }

  // A plan between `partners` (owner first) at continuum level `support`.
  collab::plan add_plan(const std::string& id, const std::string& title, std::vector<std::string> partners,
                        collab::plan_status status = collab::plan_status::completed, const std::string& support = "co-teach") {
    collab::plan p;
    p.id = id;
    p.tenant = "school";
    p.title = title;
    p.owner = partners.front();
    p.partners = std::move(partners);
    p.support = support;
    p.model = "team";
    p.learning_areas = {"Science"};
    p.year_levels = {"5"};
    p.activities = "Fieldwork at the stream and a station rotation in the library.";
    p.status = status;
    for (const char* step : {"outcomes", "support", "activities", "assessment", "evaluate", "improve", "share"})
      p.checklist.push_back({step, false, "", 0});
    p.created_ms = now_ms - 20 * day_ms;
    put(collab::plans_collection, p.key(), p);
    return p;
  }

  collab::plan plan(const std::string& id) const {
    auto j = db.get(collab::plans_collection, "school/" + id);
    REQUIRE(j);
    return j->get<collab::plan>();
  }

  std::string aroha, sam, tama, mere;

 private:
  void add_words() {
    auto& m = reg.messages();
    const std::vector<std::pair<std::string, std::string>> levels{
        {"resources", "Supplying resources"}, {"co-plan", "Planning together"}, {"co-teach", "Teaching together"},
        {"co-assess", "Designing, teaching and assessing together"}};
    std::vector<collab::content_item> continuum;
    int level = 1;
    for (const auto& [id, name] : levels) {
      m.add("en-NZ", "evtest.level." + id, name);
      m.add("en-NZ", "evtest.level." + id + ".about", "About " + name);
      continuum.push_back({id, "evtest.level." + id, "evtest.level." + id + ".about", level++});
    }
    words.add("continuum", continuum);
    std::vector<collab::content_item> models;
    for (const auto& [id, name] : std::vector<std::pair<std::string, std::string>>{
             {"supportive", "Supportive instruction"}, {"team", "Team teaching"}, {"stations", "Station teaching"}}) {
      m.add("en-NZ", "evtest.model." + id, name);
      m.add("en-NZ", "evtest.model." + id + ".about", "When " + name);
      models.push_back({id, "evtest.model." + id, "evtest.model." + id + ".about", 0});
    }
    words.add("models", models);
  }
};

}  // namespace commonsbot::test::ev
