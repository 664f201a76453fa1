// `commonsbot meetings import FILE|URL`: bring a school's meetings in from an iCalendar
// (.ics) export or subscription link, once, by hand. Offline like the `schedule` commands:
// it opens the data directory itself and refuses while a server holds it. The server
// schedules the meetings' nudges when it next starts. (Feeds named in the config are
// re-fetched by the server on their own; this is for a first look or a one-off file.)
#pragma once

#include <filesystem>
#include <string>

namespace CLI {
class App;
}

namespace commonsbot::cli {

struct meetings_import_flags {
  std::filesystem::path config;
  std::string data_dir;  // empty: store.dir from the config
  std::string source;    // a file path or an http(s)/webcal address
  std::string tenant;    // empty: the config's only school
  std::string zone;      // for times without a zone; empty: the school's time_zone
  int days = 400;        // how far ahead occurrences are read
  bool dry_run = false;  // show what would change; change nothing
};

// Adds `meetings` (with its `import` action) to `app`. `config_path` is the shared --config
// value. Returns the `import` subcommand: run_cli checks whether it was chosen.
CLI::App* add_meetings_command(CLI::App& app, std::string& config_path, meetings_import_flags& flags);

// 0 imported (or the dry run worked), 1 the calendar could not be fetched or read or the data
// directory is in use, 2 bad usage or configuration.
int meetings_import_command(const meetings_import_flags& flags);

}  // namespace commonsbot::cli
