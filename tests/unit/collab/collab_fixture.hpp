// A small pipeline for the collab unit tests: the real flows and words from templates/, an
// area's actions, an in-memory store, and people who take turns talking. It routes as
// pipeline::pipeline does (command, answer, record button), commits each event's writes and then
// runs its after_commit hooks, so a test reads like a conversation. Each area's fixture
// (plan_fixture.hpp, people_fixture.hpp, ...) adds its actions and a few helpers.
#pragma once

#include "collab/content.hpp"
#include "collab/services.hpp"
#include "core/event.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cctype>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace commonsbot::test::collab_test {

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

// 2025-03-10 (a Monday) 01:00 UTC: 14:00 NZDT in Term 1, still Sunday evening in New York.
inline constexpr long long monday_ms = 1741568400000LL;
inline constexpr long long day_ms = 86'400'000LL;

inline bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

inline std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

// The user id the console makes from a name ("Mere Smith" -> "mere-smith").
inline std::string id_for(const std::string& name) {
  std::string id;
  for (unsigned char c : name) id += std::isalnum(c) ? static_cast<char>(std::tolower(c)) : '-';
  return id;
}

struct world {
  world() : view(db) {}
  virtual ~world() = default;
  world(const world&) = delete;
  world& operator=(const world&) = delete;

  static std::string templates() { return std::string(COMMONSBOT_SOURCE_DIR) + "/templates"; }

  // Loads the flows and words, and the content `lists` (none: no content at all).
  void load(const std::vector<std::string>& lists = {}) {
    reg = flows::flow_registry::load(templates(), "en-NZ", problems);
    if (!lists.empty()) words = collab::content::load(templates(), reg.messages(), lists, problems);
  }

  // Every action `flow_ids` name is registered, and the template problems `ours` picks (other
  // areas' templates are not ours to judge here) are none.
  void check(std::initializer_list<const char*> flow_ids, const std::function<bool(const flows::problem&)>& ours) {
    flows::problem_list found;
    for (const char* id : flow_ids) {
      const flows::flow_def* f = reg.by_id(id);
      INFO("flow " << id);
      REQUIRE(f);
      flows::check_actions(*f, actions, f->source, found);
    }
    for (const auto& p : problems)
      if (ours(p)) found.push_back(p);
    std::string all;
    for (const auto& p : found) all += p.to_string() + "\n";
    INFO(all);
    REQUIRE(found.empty());
  }

  // Adds someone the bot has met (user id from the name unless given); returns their key.
  std::string add_person(const std::string& name, core::role role, const std::string& platform = "console",
                         const std::string& locale = "", const std::string& user_id = "") {
    core::person p;
    p.tenant = "school";
    p.platform = platform;
    p.user_id = user_id.empty() ? id_for(name) : user_id;
    p.display_name = name;
    p.role = role;
    p.locale = locale;
    p.direct = {platform, "school", "", p.user_id, "", "", ""};
    store::transaction t;
    t.put(std::string(core::collections::people), core::tenant_key("school", p.key()), p);
    REQUIRE(db.commit(std::move(t)));
    keys[name] = p.key();
    return p.key();
  }

  // `name` as the store has them now (flows may have changed the record); someone added
  // by a flow rather than add_person is looked for on the console.
  virtual std::optional<core::person> person(const std::string& name) const {
    auto it = keys.find(name);
    const std::string key = it != keys.end() ? it->second : "console:" + id_for(name);
    auto j = db.get(core::collections::people, core::tenant_key("school", key));
    if (!j) return std::nullopt;
    return j->get<core::person>();
  }

  // One line from `name`: a /library command, an answer, or (with `button`) a press.
  std::string say(const std::string& name, const std::string& line, const std::string& button = "") {
    const auto found = person(name);
    REQUIRE(found);
    const core::person me = *found;
    now_ms += step_ms;
    flows::flow_context ctx{reg, me.role, me.locale, me.display_name, now_ms, 60 * 60 * 1000, &me, &view, &actions};
    const std::string skey = session_key(me);
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
    for (auto& fn : result.effects.after_commit) fn();
    after_commits += result.effects.after_commit.size();
    for (auto& n : result.effects.notices) {
      sent.push_back(n);
      inbox[n.to.user_id.empty() ? n.to.conversation_id : n.to.user_id].push_back(std::move(n.message));
    }
    last = result.replies;
    std::string out;
    for (const auto& m : result.replies) out += core::plain_text(m) + "\n";
    return out;
  }

  bool in_flow(const std::string& name) const {
    auto p = person(name);
    return p && sessions.contains(session_key(*p));
  }
  const flows::session& session_of(const std::string& name) const { return sessions.at(session_key(*person(name))); }
  flows::session& session_of(const std::string& name) { return sessions.at(session_key(*person(name))); }

  // Notices sent to `who` (a user id, or a channel's conversation id) as plain text.
  std::string inbox_text(const std::string& who) const {
    std::string out;
    if (auto it = inbox.find(who); it != inbox.end())
      for (const auto& msg : it->second) out += core::plain_text(msg) + "\n";
    return out;
  }

  static std::string session_key(const core::person& p) { return p.tenant + "/" + p.key(); }

  memory_store db;
  store_view view;
  flows::flow_registry reg;
  flows::problem_list problems;  // what loading the templates found
  collab::content words;
  collab::services services;
  flows::action_registry actions;
  std::map<std::string, std::string> keys;  // name -> person key, for people add_person made
  std::map<std::string, flows::session> sessions;
  std::map<std::string, std::vector<core::message>> inbox;  // user id (or channel id) -> notices
  std::vector<flows::notice> sent;
  std::vector<core::message> last;
  std::size_t after_commits = 0;
  long long now_ms = monday_ms;
  long long step_ms = 0;  // how far the clock moves before each turn
};

}  // namespace commonsbot::test::collab_test
