// `commonsbot digest run [--tenant T] [--dry-run]`: send every subscribed teacher their
// digest now, outside their usual day (after a long break, or to try it out). Offline like
// the `schedule` commands: it opens the data directory itself and refuses while a server
// holds it.
//
// Profiles are done in batches (outbox entries and the profiles' watermarks committed
// together), so a run stopped half-way - even by kill -9 - has sent whole batches and
// nothing else, and running it again sends only what is still due: nobody gets a digest
// twice.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace CLI {
class App;
}

namespace commonsbot::cli {

struct digest_run_flags {
  std::filesystem::path config;
  std::string data_dir;     // empty: store.dir from the config
  std::string tenant;       // empty: every school
  bool dry_run = false;     // show who would get how many items; change nothing
  std::size_t batch = 200;  // digests per commit
};

// Adds `digest` (with its `run` action) to `app`. Returns the `run` subcommand: run_cli
// checks whether it was chosen.
CLI::App* add_digest_command(CLI::App& app, std::string& config_path, digest_run_flags& flags);

// 0 done (or the dry run worked), 1 a commit failed or the data directory is in use (what was
// committed stands; run it again), 2 bad usage or configuration.
int digest_run_command(const digest_run_flags& flags);

}  // namespace commonsbot::cli
