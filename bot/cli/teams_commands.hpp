// `commonsbot teams package --out FILE.zip`: builds the Teams app package a school uploads so
// staff can install the bot (docs/teams.md). The command menu comes from the bot's own flows,
// so it never drifts from what the bot understands. Offline and read-only: safe while serving.
#pragma once

#include <filesystem>
#include <string>

namespace CLI {
class App;
}

namespace commonsbot::cli {

struct teams_package_flags {
  std::filesystem::path config;
  std::string out;                     // the .zip to write
  std::string version;                 // empty: adapters.teams.package.version, else 1.0.0
  std::string host;                    // added to validDomains when given
  std::string icons_dir = "config/teams";  // color.png and outline.png
};

// Adds `teams` (with its `package` action) to `app`. Returns the `package` subcommand: run_cli
// checks whether it was chosen.
CLI::App* add_teams_command(CLI::App& app, std::string& config_path, teams_package_flags& flags);

// 0 written; 2 refused (bad configuration, a Teams limit broken, a missing icon, --out not
// writable), with every reason printed to stderr naming the key or manifest field.
int teams_package_command(const teams_package_flags& flags);

}  // namespace commonsbot::cli
