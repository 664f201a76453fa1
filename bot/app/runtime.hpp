// The running parts of the bot, opened from a configuration: the store, the templates and
// the pipeline. `serve` and `chat` both start from here, so they run the same road.
#pragma once

#include "catalogue/catalogue.hpp"
#include "collab/content.hpp"
#include "collab/services.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "digest/digest_context.hpp"
#include "flows/action.hpp"
#include "flows/flow_registry.hpp"
#include "nudges/nudge_fire.hpp"
#include "pipeline/pipeline.hpp"
#include "store/store.hpp"

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace commonsbot::app {

struct runtime {
  config::config cfg;
  // The time for everything the bot runs: the system clock, or a file clock in tests
  // (`serve --clock-file`). Shared so the outbox worker and the scheduler use the same one.
  std::shared_ptr<const core::clock> clock = std::make_shared<core::system_clock>();
  std::unique_ptr<store::store> db;
  flows::flow_registry flows;
  collab::content content;
  collab::services services;
  flows::action_registry actions;
  catalogue::catalogue resources;  // the sample layer plus each school's own, from the store
  nudges::context nudges;          // tenants' scheduling settings, for nudge actions and fires
  digest::context digests;         // words, catalogue and tenants' zones, for digest actions
  std::unique_ptr<pipeline::pipeline> events;
};

// Loads templates_dir's messages, flows and content (and, given `resources`, the sample
// catalogue in templates_dir/catalogue/sample.json when there is one), then checks every
// flow's actions against `actions` (filled by collab::register_actions,
// nudges::register_actions and digest::register_actions, each with its context or an empty
// one). Problems go to `problems`.
void load_templates(const std::filesystem::path& templates_dir, const std::string& locale, flows::flow_registry& flows,
                    collab::content& content, flows::action_registry& actions, collab::services& services,
                    flows::problem_list& problems, catalogue::catalogue* resources = nullptr,
                    const nudges::context* nudge_context = nullptr,
                    const digest::context* digest_context = nullptr);

// Loads the templates (refusing to start on any template error, each printed to `err` with
// its file and path) and opens the store under cfg.data_dir. Returns nullptr on failure.
// `clock`: null for the system clock.
std::unique_ptr<runtime> open_runtime(const config::config& cfg, std::ostream& err,
                                      std::shared_ptr<const core::clock> clock = nullptr);

// Opens the JSON-file store for `cfg`; on failure prints why to `err` and returns nullptr.
std::unique_ptr<store::store> open_store(const config::config& cfg, std::ostream& err);

// Opens `dir` for an offline command (`who`, e.g. "commonsbot outbox list"). When a running
// server holds the lock, says so followed by `advice` (what to do instead, one or more lines
// starting with two spaces); any other failure says why. Returns nullptr on failure.
std::unique_ptr<store::store> open_offline_store(const std::string& dir, const std::string& who, std::string_view advice,
                                                 std::ostream& err);

// Prints problems one per line ("error: file: /path: what"); returns the number of errors.
int print_problems(const flows::problem_list& problems, std::ostream& out);

}  // namespace commonsbot::app
