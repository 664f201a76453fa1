#include "cli/schedule_commands.hpp"

#include "app/runtime.hpp"
#include "app/schedule_settings.hpp"
#include "config/config.hpp"
#include "config/digest.hpp"
#include "core/clock.hpp"
#include "schedule/scheduler.hpp"
#include "schedule/upcoming.hpp"
#include "store/json_file_store.hpp"
#include "workers/schedule_fire.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <iostream>
#include <memory>

namespace commonsbot::cli {
namespace {

std::unique_ptr<store::store> open_data(const schedule_flags& flags, const char* what) {
  std::string dir = flags.data_dir;
  if (dir.empty()) {
    auto loaded = config::load_config(flags.config);
    if (!loaded.ok()) {
      app::print_problems(loaded.problems, std::cerr);
      std::cerr << "commonsbot schedule " << what << ": fix the config, or name the folder with --data\n";
      return nullptr;
    }
    dir = loaded.cfg.data_dir.string();
  }
  return app::open_offline_store(dir, std::string("commonsbot schedule ") + what,
                            "  These commands work offline: stop the server first, then run this again.\n", std::cerr);
}

std::string utc_text(long long ms) {
  if (ms <= 0) return "-";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%MZ", &tm);
  return buf;
}

// The scheduler over an opened store, jobs loaded, problems printed. A nudge fire needs the
// bot's words and the tenants' settings too: run-now loads them when the config is readable.
struct loaded_scheduler {
  std::unique_ptr<store::store> db;
  core::system_clock clock;
  flows::flow_registry flows;
  collab::content content;
  collab::services services;
  flows::action_registry actions;
  catalogue::catalogue resources;
  nudges::context nudges;
  digest::context digests;  // for "digest" jobs
  std::unique_ptr<schedule::scheduler> s;
};

// Fills l.nudges from the config and templates; leaves it empty (nudge fires then refuse
// with what to do) when either cannot be read.
void load_nudge_settings(loaded_scheduler& l, const schedule_flags& flags) {
  l.nudges.db = l.db.get();
  auto loaded = config::load_config(flags.config);
  if (!loaded.ok()) return;
  app::add_ics_holidays(loaded.cfg);
  flows::problem_list problems;
  l.nudges.services = &l.services;
  l.nudges.default_locale = loaded.cfg.locale;
  app::fill_nudge_tenants(loaded.cfg, l.nudges);
  app::load_templates(loaded.cfg.templates_dir, loaded.cfg.locale, l.flows, l.content, l.actions, l.services, problems,
                 &l.resources, &l.nudges, &l.digests);
  if (flows::has_errors(problems)) {
    l.nudges.services = nullptr;
    return;
  }
  l.nudges.messages = &l.flows.messages();
  l.digests.services = &l.services;
  l.digests.messages = &l.flows.messages();
  l.digests.default_locale = loaded.cfg.locale;
  config::fill_digest_tenants(loaded.cfg, l.digests);
  catalogue::problem_list unreadable;
  l.resources.rebuild(*l.db, unreadable);
}

bool load(loaded_scheduler& l, const schedule_flags& flags, const char* what, bool with_nudges = false) {
  l.db = open_data(flags, what);
  if (!l.db) return false;
  if (with_nudges) load_nudge_settings(l, flags);
  l.s = std::make_unique<schedule::scheduler>(*l.db, l.clock, workers::schedule_fire_handler(l.nudges, &l.digests));
  for (const auto& p : l.s->load()) std::cerr << "commonsbot schedule: not scheduled: " << p << "\n";
  return true;
}

}  // namespace

int schedule_list_command(const schedule_flags& flags) {
  loaded_scheduler l;
  if (!load(l, flags, "list")) return 1;
  const auto& jobs = l.s->jobs();
  const auto now = core::to_epoch_ms(l.clock.now());
  std::cout << jobs.size() << " job" << (jobs.size() == 1 ? "" : "s") << "\n";
  for (const auto& [key, j] : jobs) {
    const nlohmann::json rule = j.rule;
    std::cout << key << "  kind=" << j.kind << "  rule=" << rule.dump() << "\n    next="
              << (j.next_local.empty() ? "-" : j.next_local + " " + j.rule.zone) << " (" << utc_text(j.next_due_ms)
              << ")" << (j.next_due_ms > 0 && j.next_due_ms <= now ? " overdue: the next tick fires it if within the lateness" : "")
              << "  last_fire=" << (j.last_fire_id.empty() ? "-" : j.last_fire_id) << "\n";
  }
  return l.db->close() ? 0 : 1;
}

int schedule_next_command(const schedule_flags& flags) {
  loaded_scheduler l;
  if (!load(l, flags, "next")) return 1;
  const auto now = core::to_epoch_ms(l.clock.now());
  for (const auto& f : schedule::upcoming(l.s->jobs(), now, flags.count))
    std::cout << utc_text(f.utc_ms) << "  " << f.key << "  " << schedule::to_iso(f.scheduled) << " " << f.zone << "\n";
  return l.db->close() ? 0 : 1;
}

int schedule_run_now_command(const schedule_flags& flags) {
  loaded_scheduler l;
  if (!load(l, flags, "run-now", true)) return 1;
  const auto st = l.s->run_now(flags.job);
  const auto closed = l.db->close();
  if (!st || !closed) {
    std::cerr << "commonsbot schedule run-now: " << (!st ? st : closed).to_string() << "\n";
    return 1;
  }
  std::cout << "fired " << l.s->find(flags.job)->last_fire_id << "\n";
  return 0;
}

}  // namespace commonsbot::cli
