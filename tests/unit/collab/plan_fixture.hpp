// The plan unit tests' world: the collab fixture with the plan actions, people on the
// console or Slack, and a clock that moves a second a turn (so ticks have an order).
#pragma once

#include "collab/actions_by_area.hpp"
#include "collab/plan.hpp"
#include "collab/plan_records.hpp"
#include "collab_fixture.hpp"

namespace commonsbot::test::plans {

using collab_test::has;

// 2025-02-10 01:00 UTC: early in the school year, so "3 March" is this year's.
inline constexpr long long feb_10_2025_ms = 1739149200000LL;

struct plan_world : collab_test::world {
  plan_world() {
    now_ms = feb_10_2025_ms;
    step_ms = 1000;
    load({"models", "continuum", "checklist"});
    services.words = &words;
    collab::detail::add_plan_actions(actions, services);
    check({"plan", "plans", "models"}, [](const flows::problem& p) {
      for (const char* mine : {"flows/plan.json", "flows/plans.json", "flows/models.json", "content/models.json",
                               "content/continuum.json", "content/checklist.json", "en-NZ/plans.json", "en-NZ/models.json"})
        if (p.file.ends_with(mine)) return true;
      return false;
    });
  }

  // Slack user ids look like Slack's ("Utama").
  std::string add_person(const std::string& name, core::role role, const std::string& platform = "console") {
    return world::add_person(name, role, platform, "", platform == "slack" ? "U" + collab_test::id_for(name) : "");
  }

  // Several lines in turn; the transcript of them all.
  std::string script(const std::string& name, const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += "> " + l + "\n" + say(name, l);
    return out;
  }

  std::optional<collab::plan> plan(const std::string& id) const { return collab::load_plan(view, "school", id); }

  // Notices sent to `name`, as plain text, and forgets them.
  std::vector<std::string> take_inbox(const std::string& name) {
    const std::string id = person(name)->user_id;
    std::vector<std::string> out;
    for (const auto& m : inbox[id]) out.push_back(core::plain_text(m));
    inbox.erase(id);
    return out;
  }
};

// The answers that plan "Rivers and lakes" from its title on, with `partners`.
inline std::vector<std::string> rivers_answers(const std::string& partners) {
  return {"/library plan Rivers and lakes", "Science, social sciences", "Year 5-6", partners, "3 March", "28 March",
          "Students find and compare two reliable sources about our local river.", "4", "5",
          "A search-skills session in the library; the Waterways kit.", "A research-skills checklist we mark together.",
          "yes"};
}

}  // namespace commonsbot::test::plans
