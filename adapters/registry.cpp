#include "adapters/registry.hpp"

#include "adapters/slack/slack_adapter.hpp"
#include "adapters/teams/teams_adapter.hpp"
#include "core/clock.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>

namespace commonsbot::adapters {
namespace {

using factory = std::function<std::unique_ptr<adapter>(const nlohmann::json& section, const std::string& file,
                                                       flows::problem_list& problems)>;

// Platform name -> factory. Each platform adds one line here as it lands.
const std::map<std::string, factory>& factories() {
  static const std::map<std::string, factory> table{
      {"slack",
       [](const nlohmann::json& s, const std::string& file, flows::problem_list& problems) -> std::unique_ptr<adapter> {
         static const core::system_clock clock;
         return std::make_unique<slack::slack_adapter>(slack::read_settings(s, file, problems), clock);
       }},
      {"teams",
       [](const nlohmann::json& s, const std::string& file, flows::problem_list& problems) -> std::unique_ptr<adapter> {
         static const core::system_clock clock;
         return std::make_unique<teams::teams_adapter>(teams::read_settings(s, file, problems), clock,
                                                       [](const fetch::request& r) { return fetch::get(r); });
       }},
  };
  return table;
}

bool enabled(const nlohmann::json& section) {
  auto it = section.find("enabled");
  return it == section.end() || (it->is_boolean() && it->get<bool>());
}

}  // namespace

std::vector<std::unique_ptr<adapter>> make_push_adapters(const nlohmann::json& section, const std::string& file,
                                                         flows::problem_list& problems) {
  std::vector<std::unique_ptr<adapter>> out;
  if (!section.is_object()) return out;
  for (auto it = section.begin(); it != section.end(); ++it) {
    if (it.key() == "console" || !it->is_object() || !enabled(*it)) continue;
    auto f = factories().find(it.key());
    if (f == factories().end()) {
      problems.push_back({flows::problem::severity::error, file, "/adapters/" + it.key(),
                          "this build has no " + it.key() + " adapter yet; set \"enabled\": false"});
      continue;
    }
    if (auto a = f->second(*it, file, problems)) out.push_back(std::move(a));
  }
  return out;
}

}  // namespace commonsbot::adapters
