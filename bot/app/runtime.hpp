// The running parts of the bot, opened from a configuration: the store, the templates and
// the pipeline. `serve` and `chat` both start from here, so they run the same road.
#pragma once

#include "app/config.hpp"
#include "app/pipeline.hpp"
#include "core/clock.hpp"
#include "flows/flow_registry.hpp"
#include "store/store.hpp"

#include <iosfwd>
#include <memory>

namespace commonsbot::app {

struct runtime {
  config cfg;
  core::system_clock clock;
  std::unique_ptr<store::store> db;
  flows::flow_registry flows;
  std::unique_ptr<pipeline> events;
};

// Loads the templates (refusing to start on any template error, each printed to `err` with
// its file and path) and opens the store under cfg.data_dir. Returns nullptr on failure.
std::unique_ptr<runtime> open_runtime(const config& cfg, std::ostream& err);

// Opens the JSON-file store for `cfg`; on failure prints why to `err` and returns nullptr.
std::unique_ptr<store::store> open_store(const config& cfg, std::ostream& err);

// Prints problems one per line ("error: file: /path: what"); returns the number of errors.
int print_problems(const flows::problem_list& problems, std::ostream& out);

}  // namespace commonsbot::app
