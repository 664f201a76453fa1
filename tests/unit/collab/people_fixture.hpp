// A small pipeline for the people-area unit tests (profile, role, glossary, bookings): the
// real flows and words from templates/, our actions, an in-memory store, and people who take
// turns talking. It routes like app::pipeline (command, answer, record button) and commits
// each event's writes, so a test reads like a conversation.
#pragma once

#include "collab/actions_by_area.hpp"
#include "collab/booking_actions.hpp"
#include "collab/content.hpp"
#include "collab/profile_actions.hpp"
#include "collab/role_people.hpp"
#include "core/event.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace commonsbot::test::people_area {

// The store seen through the read-only view actions get.
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

inline collab::people::time_zones test_zones() {
  collab::people::time_zones z;
  z.add("UTC", {});
  collab::people::zone_rules auckland;
  auckland.initial = 13 * 3600;  // daylight time all year: enough for these tests
  z.add("Pacific/Auckland", auckland);
  collab::people::zone_rules new_york;
  new_york.initial = -5 * 3600;
  z.add("America/New_York", new_york);
  z.add("Europe/London", {});
  return z;
}

// 2025-03-10 (a Monday) 01:00 UTC: 14:00 in Auckland, still Sunday evening in New York.
inline constexpr long long monday_ms = 1741568400000LL;

struct people_fixture {
  people_fixture() : zones(test_zones()), view(db) {
    const std::string templates = std::string(COMMONSBOT_SOURCE_DIR) + "/templates";
    flows::problem_list problems;  // other areas' templates are not ours to judge here
    reg = flows::flow_registry::load(templates, "en-NZ", problems);
    words = collab::content::load(templates, reg.messages(), {"learning_areas", "glossary"}, problems);
    services.words = &words;
    collab::add_profile_actions(actions, services, zones);
    collab::detail::add_role_actions(actions, services);
    collab::detail::add_glossary_actions(actions, services);
    collab::add_booking_actions(actions, services, zones);
    flows::problem_list ours;
    for (const char* id : {"profile", "role", "glossary", "book", "bookings"}) {
      const flows::flow_def* f = reg.by_id(id);
      INFO("flow " << id);
      REQUIRE(f);
      flows::check_actions(*f, actions, f->source, ours);
    }
    for (const auto& p : problems)
      if (p.file.find("/content/") != std::string::npos && (p.file.ends_with("learning_areas.json") || p.file.ends_with("glossary.json")))
        ours.push_back(p);
    std::string all;
    for (const auto& p : ours) all += p.to_string() + "\n";
    INFO(all);
    REQUIRE(ours.empty());
  }

  // Adds someone the bot knows; returns their person key.
  std::string add_person(const std::string& name, core::role role, const std::string& locale = "") {
    core::person p;
    p.tenant = "school";
    p.platform = "console";
    p.user_id = collab_id(name);
    p.display_name = name;
    p.role = role;
    p.locale = locale;
    p.direct = {"console", "school", "", p.user_id, "", "", ""};
    store::transaction t;
    t.put(std::string(core::collections::people), collab::people::person_record_key(p), p);
    db.commit(std::move(t));
    return p.key();
  }

  static std::string collab_id(const std::string& name) {
    std::string id;
    for (char c : name) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return id;
  }

  std::optional<core::person> person(const std::string& name) const {
    return collab::people::find_person(view, "school", "console:" + collab_id(name));
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
    for (auto& n : result.effects.notices) inbox[n.to.user_id].push_back(std::move(n.message));
    last = result.replies;
    std::string out;
    for (const auto& m : result.replies) out += core::plain_text(m) + "\n";
    return out;
  }

  bool in_flow(const std::string& name) const { return sessions.contains("console:" + collab_id(name)); }

  collab::people::time_zones zones;
  memory_store db;
  store_view view;
  flows::flow_registry reg;
  collab::content words;
  collab::services services;
  flows::action_registry actions;
  std::map<std::string, flows::session> sessions;
  std::map<std::string, std::vector<core::message>> inbox;  // user id -> notices
  std::vector<core::message> last;
  long long now_ms = monday_ms;
};

inline bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

}  // namespace commonsbot::test::people_area
