// A small pipeline for the resources unit tests: the real flows and words from templates/,
// the resources actions over a real catalogue::catalogue (the shipped sample as its shared
// layer), an in-memory store, and people who take turns talking. Like app::pipeline it
// commits each event's writes and then runs its after_commit hooks, so a resource added in
// one turn is found by the next search.
#pragma once

#include "catalogue/catalogue.hpp"
#include "collab/actions_by_area.hpp"
#include "core/event.hpp"
#include "core/keys.hpp"
#include "flows/engine.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace commonsbot::test::resources_area {

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

// 2025-03-10 01:00 UTC: 14:00 on Monday 10 March in New Zealand.
inline constexpr long long monday_ms = 1741568400000LL;

struct resource_fixture {
  // with_catalogue = false: services.resources is null, as in a bot whose catalogue is missing.
  explicit resource_fixture(bool with_catalogue = true) : view(db) {
    const std::string templates = std::string(COMMONSBOT_SOURCE_DIR) + "/templates";
    flows::problem_list problems;  // other areas' templates are not ours to judge here
    reg = flows::flow_registry::load(templates, "en-NZ", problems);
    catalogue::problem_list sample_problems;
    REQUIRE(resources.load_sample(templates + "/catalogue/sample.json", sample_problems));
    REQUIRE(resources.shared_size() > 20);
    if (with_catalogue) services.resources = &resources;
    collab::detail::add_resource_actions(actions, services);
    flows::problem_list ours;
    for (const char* id : {"resources", "resource"}) {
      const flows::flow_def* f = reg.by_id(id);
      INFO("flow " << id);
      REQUIRE(f);
      flows::check_actions(*f, actions, f->source, ours);
    }
    for (const auto& p : problems)
      if (p.file.find("resource") != std::string::npos) ours.push_back(p);
    std::string all;
    for (const auto& p : ours) all += p.to_string() + "\n";
    INFO(all);
    REQUIRE(ours.empty());
  }

  void add_person(const std::string& name, core::role role, const std::string& tenant = "school") {
    core::person p;
    p.tenant = tenant;
    p.platform = "console";
    for (char c : name) p.user_id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    p.display_name = name;
    p.role = role;
    people[name] = p;
  }

  // One line from `name`: a /library command or an answer. Returns the replies as plain text.
  std::string say(const std::string& name, const std::string& line) {
    REQUIRE(people.contains(name));
    const core::person& me = people[name];
    flows::flow_context ctx{reg, me.role, me.locale, me.display_name, now_ms, 60 * 60 * 1000, &me, &view, &actions};
    const std::string skey = me.tenant + "/" + me.key();
    flows::flow_result result;
    bool keep = false;
    if (!line.empty() && line.front() == '/') {
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
    } else if (auto it = sessions.find(skey); it != sessions.end()) {
      result = flows::resume_flow(it->second, {line, "", ""}, ctx);
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
    last = result.replies;
    std::string out;
    for (const auto& m : result.replies) out += core::plain_text(m) + "\n";
    return out;
  }

  bool in_flow(const std::string& name) const {
    const auto& p = people.at(name);
    return sessions.contains(p.tenant + "/" + p.key());
  }
  const flows::session& session_of(const std::string& name) const {
    const auto& p = people.at(name);
    return sessions.at(p.tenant + "/" + p.key());
  }

  memory_store db;
  store_view view;
  flows::flow_registry reg;
  catalogue::catalogue resources;
  collab::services services;
  flows::action_registry actions;
  std::map<std::string, core::person> people;
  std::map<std::string, flows::session> sessions;
  std::vector<core::message> last;
  std::size_t after_commits = 0;
  long long now_ms = monday_ms;
};

inline bool has(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

inline std::size_t count_of(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace commonsbot::test::resources_area
