// A small pipeline for the evidence unit tests (log, reflect, share, survey, report): the
// real flows and words from templates/, the evidence actions, an in-memory store and people
// who take turns talking. It routes like app::pipeline (command, answer, record button) and
// commits each event's writes, so a test reads like a conversation.
//
// The continuum and model lists are built here (collab::content::add), so the tests do not
// depend on the school-editable files in templates/content.
#pragma once

#include "collab/actions_by_area.hpp"
#include "collab/content.hpp"
#include "collab/plan.hpp"
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

namespace commonsbot::test::ev {

class store_view final : public flows::record_view {
 public:
  explicit store_view(const memory_store& db) : db_(db) {}
  std::optional<nlohmann::json> get(std::string_view c, std::string_view k) const override { return db_.get(c, k); }
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view c, std::string_view p) const override {
    return db_.scan(c, p);
  }

 private:
  const memory_store& db_;
};

// 2025-03-10 (a Monday) 01:00 UTC: 14:00 NZDT, in Term 1.
inline constexpr long long monday_ms = 1741568400000LL;
inline constexpr long long day_ms = 86'400'000LL;

inline bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

struct fixture {
  fixture() : view(db) {
    const std::string templates = std::string(COMMONSBOT_SOURCE_DIR) + "/templates";
    flows::problem_list problems;  // other areas' templates are not ours to judge here
    reg = flows::flow_registry::load(templates, "en-NZ", problems);
    words = collab::content::load(templates, reg.messages(), {"survey"}, problems);
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
    services.words = &words;
    services.staff_channels["school"] = {"", "school", "staff-room", "", "", "", ""};
    collab::detail::add_log_actions(actions, services);
    collab::detail::add_reflect_actions(actions, services);
    collab::detail::add_share_actions(actions, services);
    collab::detail::add_survey_actions(actions, services);
    collab::detail::add_report_actions(actions, services);
    flows::problem_list ours;
    for (const char* id : {"log", "reflect", "share", "survey", "report"}) {
      const flows::flow_def* f = reg.by_id(id);
      INFO("flow " << id);
      REQUIRE(f);
      flows::check_actions(*f, actions, f->source, ours);
    }
    for (const auto& p : problems)
      for (const char* mine : {"log.json", "reflect.json", "share.json", "survey.json", "report.json"})
        if (p.file.ends_with(std::string("/") + mine)) ours.push_back(p);
    std::string all;
    for (const auto& p : ours) all += p.to_string() + "\n";
    INFO(all);
    REQUIRE(ours.empty());
    aroha = add_person("Aroha", core::role::library_staff);
    sam = add_person("Sam", core::role::teacher);
    tama = add_person("Tama", core::role::teacher);
    mere = add_person("Mere", core::role::leader);
  }

  static std::string id_of(const std::string& name) {
    std::string id;
    for (char c : name) id += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : '-';
    return id;
  }

  // Adds someone the bot knows; returns their person key.
  std::string add_person(const std::string& name, core::role role, const std::string& platform = "console") {
    core::person p;
    p.tenant = "school";
    p.platform = platform;
    p.user_id = id_of(name);
    p.display_name = name;
    p.role = role;
    p.direct = {platform, "school", "", p.user_id, "", "", ""};
    store::transaction t;
    t.put(std::string(core::collections::people), core::tenant_key("school", p.key()), p);
    REQUIRE(db.commit(std::move(t)));
    return p.key();
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

  std::optional<core::person> person(const std::string& name) const {
    for (const char* platform : {"console", "slack", "teams", "matrix"})
      if (auto j = db.get(core::collections::people, core::tenant_key("school", std::string(platform) + ":" + id_of(name))))
        return j->get<core::person>();
    return std::nullopt;
  }

  // One line from `name`: a /library command, an answer, or (with `button`) a press.
  std::string say(const std::string& name, const std::string& line, const std::string& button = "") {
    auto me = person(name);
    REQUIRE(me);
    flows::flow_context ctx{reg, me->role, me->locale, me->display_name, now_ms, 60 * 60 * 1000, &*me, &view, &actions};
    const std::string skey = me->key();
    std::optional<flows::session> current;
    if (auto it = sessions.find(skey); it != sessions.end()) current = it->second;
    flows::flow_result result;
    bool keep = false;
    if (auto rb = flows::parse_record_button(button); rb) {
      result = flows::run_record_action(rb->first, rb->second, ctx);
      keep = true;
    } else if (!line.empty() && line.front() == '/') {
      std::string command;
      std::vector<std::string> args;
      core::parse_command_text(line, command, args);
      const flows::flow_def* flow = reg.by_command(command);
      REQUIRE(flow);
      if (!flow->allows(me->role)) {
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
    for (auto& n : result.effects.notices) {
      sent.push_back(n);
      inbox[n.to.user_id.empty() ? n.to.conversation_id : n.to.user_id].push_back(std::move(n.message));
    }
    last = result.replies;
    std::string out;
    for (const auto& msg : result.replies) out += core::plain_text(msg) + "\n";
    return out;
  }

  bool in_flow(const std::string& name) const { return sessions.contains("console:" + id_of(name)); }
  std::string inbox_text(const std::string& who) const {
    std::string out;
    if (auto it = inbox.find(who); it != inbox.end())
      for (const auto& msg : it->second) out += core::plain_text(msg) + "\n";
    return out;
  }

  memory_store db;
  store_view view;
  flows::flow_registry reg;
  collab::content words;
  collab::services services;
  flows::action_registry actions;
  std::map<std::string, flows::session> sessions;
  std::map<std::string, std::vector<core::message>> inbox;  // user id (or channel id) -> notices
  std::vector<flows::notice> sent;
  std::vector<core::message> last;
  long long now_ms = monday_ms;
  std::string aroha, sam, tama, mere;
};

}  // namespace commonsbot::test::ev
