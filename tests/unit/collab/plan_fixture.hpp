// A small pipeline for the plan unit tests: the real flows, content and words from
// templates/, the plan actions, an in-memory store, and people on the console or Slack who
// take turns talking. It routes as app::pipeline does (command, answer, record button) and
// commits each event's writes, so a test reads like a conversation.
#pragma once

#include "collab/actions_by_area.hpp"
#include "collab/content.hpp"
#include "collab/plan.hpp"
#include "collab/plan_records.hpp"
#include "core/event.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace commonsbot::test::plans {

class plan_store_view final : public flows::record_view {
 public:
  explicit plan_store_view(const memory_store& db) : db_(db) {}
  std::optional<nlohmann::json> get(std::string_view c, std::string_view k) const override { return db_.get(c, k); }
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view c, std::string_view p) const override {
    return db_.scan(c, p);
  }

 private:
  const memory_store& db_;
};

// 2025-02-10 01:00 UTC: early in the school year, so "3 March" is this year's.
inline constexpr long long feb_10_2025_ms = 1739149200000LL;

inline bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

struct plan_world {
  plan_world() : view(db) {
    const std::string templates = std::string(COMMONSBOT_SOURCE_DIR) + "/templates";
    flows::problem_list problems;  // other areas' templates are not ours to judge here
    reg = flows::flow_registry::load(templates, "en-NZ", problems);
    words = collab::content::load(templates, reg.messages(), {"models", "continuum", "checklist"}, problems);
    services.words = &words;
    collab::detail::add_plan_actions(actions, services);
    flows::problem_list ours;
    for (const char* id : {"plan", "plans", "models"}) {
      const flows::flow_def* f = reg.by_id(id);
      INFO("flow " << id);
      REQUIRE(f);
      flows::check_actions(*f, actions, f->source, ours);
    }
    for (const auto& p : problems)
      for (const char* mine : {"flows/plan.json", "flows/plans.json", "flows/models.json", "content/models.json",
                               "content/continuum.json", "content/checklist.json", "en-NZ/plans.json", "en-NZ/models.json"})
        if (p.file.ends_with(mine)) ours.push_back(p);
    std::string all;
    for (const auto& p : ours) all += p.to_string() + "\n";
    INFO(all);
    REQUIRE(ours.empty());
  }

  static std::string id_for(const std::string& name) {
    std::string id;
    for (unsigned char c : name) id += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
    return id;
  }

  // Adds someone the bot has met; returns their person key ("console:aroha").
  std::string add_person(const std::string& name, core::role role, const std::string& platform = "console") {
    core::person p;
    p.tenant = "school";
    p.platform = platform;
    p.user_id = platform == "slack" ? "U" + id_for(name) : id_for(name);
    p.display_name = name;
    p.role = role;
    p.direct = {platform, "school", "", p.user_id, "", "", ""};
    store::transaction t;
    t.put(std::string(core::collections::people), core::tenant_key("school", p.key()), p);
    REQUIRE(db.commit(std::move(t)));
    keys[name] = p.key();
    return p.key();
  }

  core::person person(const std::string& name) const {
    auto j = db.get(core::collections::people, core::tenant_key("school", keys.at(name)));
    REQUIRE(j);
    return j->get<core::person>();
  }

  // One line from `name`: a /library command, an answer, or (with `button`) a press.
  std::string say(const std::string& name, const std::string& line, const std::string& button = "") {
    const core::person me = person(name);
    now_ms += 1000;
    flows::flow_context ctx{reg, me.role, me.locale, me.display_name, now_ms, 60 * 60 * 1000, &me, &view, &actions};
    const std::string skey = me.key();
    std::optional<flows::session> current;
    if (auto it = sessions.find(skey); it != sessions.end()) current = it->second;
    flows::flow_result result;
    bool keep = false;
    if (auto rb = flows::parse_record_button(button)) {
      result = flows::run_record_action(rb->first, rb->second, ctx);
      keep = true;
    } else if (!line.empty() && line.front() == '/') {
      std::string command;
      std::vector<std::string> args;
      core::parse_command_text(line, command, args);
      const flows::flow_def* flow = reg.by_command(command);
      REQUIRE(flow);
      if (!flow->allows(me.role)) {
        result.replies.push_back(flows::refusal(*flow, ctx));
        keep = true;
      } else {
        result = flows::start_flow(*flow, args, ctx);
      }
    } else if (current) {
      result = flows::resume_flow(*current, {line, "", ""}, ctx);
    } else {
      return "(no session)";
    }
    if (!keep) {
      if (result.state) sessions[skey] = *result.state;
      else sessions.erase(skey);
    }
    REQUIRE(db.commit(std::move(result.effects.writes)));
    for (auto& n : result.effects.notices) inbox[n.to.platform + ":" + n.to.user_id].push_back(std::move(n.message));
    last = result.replies;
    std::string out;
    for (const auto& m : result.replies) out += core::plain_text(m) + "\n";
    return out;
  }

  // Several lines in turn; the transcript of them all.
  std::string script(const std::string& name, const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += "> " + l + "\n" + say(name, l);
    return out;
  }

  bool in_flow(const std::string& name) const { return sessions.contains(keys.at(name)); }

  std::optional<collab::plan> plan(const std::string& id) const { return collab::load_plan(view, "school", id); }

  // Notices sent to `name`, as plain text, and forgets them.
  std::vector<std::string> take_inbox(const std::string& name) {
    std::vector<std::string> out;
    for (const auto& m : inbox[keys.at(name)]) out.push_back(core::plain_text(m));
    inbox.erase(keys.at(name));
    return out;
  }

  memory_store db;
  plan_store_view view;
  flows::flow_registry reg;
  collab::content words;
  collab::services services;
  flows::action_registry actions;
  std::map<std::string, std::string> keys;  // name -> person key
  std::map<std::string, flows::session> sessions;
  std::map<std::string, std::vector<core::message>> inbox;  // person key -> notices
  std::vector<core::message> last;
  long long now_ms = feb_10_2025_ms;
};

// The answers that plan "Rivers and lakes" from its title on, with `partners`.
inline std::vector<std::string> rivers_answers(const std::string& partners) {
  return {"/library plan Rivers and lakes", "Science, social sciences", "Year 5-6", partners, "3 March", "28 March",
          "Students find and compare two reliable sources about our local river.", "4", "5",
          "A search-skills session in the library; the Waterways kit.", "A research-skills checklist we mark together.",
          "yes"};
}

}  // namespace commonsbot::test::plans
