#include "adapters/slack/settings.hpp"
#include "adapters/teams/app_package.hpp"
#include "adapters/teams/settings.hpp"
#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "config/config.hpp"
#include "flows/flow_registry.hpp"
#include "meetings/ics_import.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
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

// A secret that is not in this shell's environment is only a warning: it is usually set where
// the bot runs, not where it is checked.
void soften_unset_secrets(flows::problem_list& found) {
  for (auto& p : found)
    if (p.what.starts_with("environment variable ") || p.what.starts_with("cannot read secret file")) {
      p.level = flows::problem::severity::warning;
      p.what += " (needed when serving)";
    }
}

const nlohmann::json* enabled_section(const config::config& cfg, const char* platform) {
  auto it = cfg.adapters.find(platform);
  if (it == cfg.adapters.end() || !it->is_object()) return nullptr;
  if (auto on = it->find("enabled"); on != it->end() && !(on->is_boolean() && on->get<bool>())) return nullptr;
  return &*it;
}

// The Slack section as serve reads it, so a half-set OAuth config (a client_id without its
// secret or redirect URL) is explained here.
void check_slack_settings(const config::config& cfg, flows::problem_list& problems) {
  const auto* section = enabled_section(cfg, "slack");
  if (!section) return;
  flows::problem_list found;
  adapters::slack::read_settings(*section, cfg.file.string(), found);
  soften_unset_secrets(found);
  problems.insert(problems.end(), found.begin(), found.end());
}

// The Teams section as serve reads it, and its "package" as `commonsbot teams package` does,
// so a name too long for Teams or a placeholder developer URL is found before the upload.
void check_teams_settings(const config::config& cfg, flows::problem_list& problems) {
  const auto* section = enabled_section(cfg, "teams");
  if (!section) return;
  flows::problem_list found;
  const auto s = adapters::teams::read_settings(*section, cfg.file.string(), found);
  const auto info = adapters::teams::read_package_info(*section, cfg.file.string(), found);
  soften_unset_secrets(found);
  problems.insert(problems.end(), found.begin(), found.end());
  if (flows::has_errors(found)) return;
  const auto built = adapters::teams::build_manifest(s, info, {});
  for (const auto& e : built.errors)
    problems.push_back({flows::problem::severity::error, cfg.file.string(), "/adapters/teams/package",
                        "the Teams manifest's " + e.to_string()});
  for (const auto& w : built.warnings)
    problems.push_back({flows::problem::severity::warning, cfg.file.string(), "/adapters/teams/package/developer", w});
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

int check_config_command(const std::filesystem::path& path) {
  auto loaded = config::load_config(path);
  flows::problem_list problems = loaded.problems;
  if (loaded.ok()) check_holiday_files(loaded.cfg, problems);
  if (loaded.ok()) check_slack_settings(loaded.cfg, problems);
  if (loaded.ok()) check_teams_settings(loaded.cfg, problems);
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
