// `commonsbot import resources FILE`: grows a school's catalogue from a CSV or JSON list (the
// format is in catalogue/import.hpp and in the command's --help).
#pragma once

#include <filesystem>
#include <string>

namespace CLI {
class App;
}

namespace commonsbot::cli {

struct import_flags {
  std::filesystem::path config;
  std::string data_dir;  // empty: store.dir from the config
  std::string file;
  std::string tenant;    // empty: the config's only school
  bool dry_run = false;  // check and count, change nothing
  bool skip_bad = false; // import the good rows of a file that has bad ones
};

// Adds `import` (with its `resources` action) to `app`. `config_path` is the shared --config
// value. Returns the `resources` subcommand: run_cli checks whether it was chosen.
CLI::App* add_import_command(CLI::App& app, std::string& config_path, import_flags& flags);

// Reads and checks FILE, prints every problem with its row (or JSON path), and commits all
// good rows in one transaction. A file with errors is imported only with --skip-bad.
// 0 done (or the dry run found nothing wrong), 1 errors in the file, the data directory in
// use or unreadable, 2 bad usage or configuration.
int import_resources_command(const import_flags& flags);

}  // namespace commonsbot::cli
