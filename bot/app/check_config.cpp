#include "adapters/slack/settings.hpp"
#include "adapters/teams/settings.hpp"
#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "config/config.hpp"
#include "flows/flow_registry.hpp"
#include "meetings/ics_import.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

namespace commonsbot::app {
namespace {

// A holiday calendar given as a file is read now, so a wrong export is found before serve
// quietly runs without those holidays (addresses are fetched by serve, not here).
void check_holiday_files(const config::config& cfg, flows::problem_list& problems) {
  for (std::size_t i = 0; i < cfg.tenants.size(); ++i) {
    const auto& path = cfg.tenants[i].holidays_ics;
    if (path.empty() || path.starts_with("https://") || path.starts_with("http://")) continue;
    const std::string where = "/tenants/" + std::to_string(i) + "/calendar/holidays_ics";
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const auto found = meetings::import_holidays(text.str());
    if (!found.parsed) {
      problems.push_back({flows::problem::severity::error, cfg.file.string(), where,
                          "\"" + path + "\" is not an iCalendar file; export the holiday calendar as .ics"});
      continue;
    }
    for (const auto& p : found.problems)
      problems.push_back({flows::problem::severity::warning, cfg.file.string(), where, p + " (skipped)"});
  }
}

// Each platform's section as serve reads it, so a half-set config (a Slack client_id
// without its secret, a single-tenant Teams bot without its tenant id) is explained here. A
// secret that is not in this shell's environment is only a warning: it is usually set where
// the bot runs, not where it is checked.
void check_platform_settings(const config::config& cfg, flows::problem_list& problems) {
  using reader = std::function<void(const nlohmann::json&, const std::string&, flows::problem_list&)>;
  const std::vector<std::pair<std::string, reader>> platforms{
      {"slack", [](const auto& j, const auto& f, auto& p) { adapters::slack::read_settings(j, f, p); }},
      {"teams", [](const auto& j, const auto& f, auto& p) { adapters::teams::read_settings(j, f, p); }},
  };
  for (const auto& [name, read] : platforms) {
    auto it = cfg.adapters.find(name);
    if (it == cfg.adapters.end() || !it->is_object()) continue;
    if (auto on = it->find("enabled"); on != it->end() && !(on->is_boolean() && on->get<bool>())) continue;
    flows::problem_list found;
    read(*it, cfg.file.string(), found);
    for (auto& p : found) {
      if (p.what.starts_with("environment variable ") || p.what.starts_with("cannot read secret file")) {
        p.level = flows::problem::severity::warning;
        p.what += " (needed when serving)";
      }
      problems.push_back(std::move(p));
    }
  }
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

int check_config_command(const std::filesystem::path& path) {
  auto loaded = config::load_config(path);
  flows::problem_list problems = loaded.problems;
  if (loaded.ok()) check_holiday_files(loaded.cfg, problems);
  if (loaded.ok()) check_platform_settings(loaded.cfg, problems);
  if (loaded.ok()) {
    // The templates are part of the configuration a school edits, so check them too.
    flows::flow_registry flows;
    collab::content content;
    collab::services services;
    flows::action_registry actions;
    catalogue::catalogue resources;
    load_templates(loaded.cfg.templates_dir, loaded.cfg.locale, flows, content, actions, services, problems, &resources);
  }
  const int errors = print_problems(problems, std::cout);
  const auto warnings = problems.size() - static_cast<std::size_t>(errors);
  if (errors > 0) {
    std::cout << path.string() << ": " << counted(static_cast<std::size_t>(errors), "error", "errors")
              << ", " << counted(warnings, "warning", "warnings") << "\n";
    return 1;
  }
  std::cout << path.string() << ": ok"
            << (warnings ? " (" + counted(warnings, "warning", "warnings") + ")" : "") << "\n";
  return 0;
}

}  // namespace commonsbot::app
