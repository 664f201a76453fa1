#include "app/runtime.hpp"

#include "log/log.hpp"

#include <ostream>

namespace commonsbot::app {

int print_problems(const flows::problem_list& problems, std::ostream& out) {
  int errors = 0;
  for (const auto& p : problems) {
    const bool error = p.level == flows::problem::severity::error;
    errors += error;
    out << (error ? "error: " : "warning: ") << p.to_string() << "\n";
  }
  return errors;
}

std::unique_ptr<runtime> open_runtime(const config& cfg, std::ostream& err) {
  auto rt = std::make_unique<runtime>();
  rt->cfg = cfg;
  flows::problem_list problems;
  rt->flows = flows::flow_registry::load(cfg.templates_dir, cfg.locale, problems);
  if (print_problems(problems, err) > 0) {
    err << "commonsbot: the templates in " << cfg.templates_dir.string() << " have errors (listed above)\n";
    return nullptr;
  }
  rt->db = open_store(cfg, err);
  if (!rt->db) return nullptr;

  pipeline_options options;
  options.session_idle_ms = cfg.session_idle_minutes * 60 * 1000;
  options.default_locale = cfg.locale;
  for (const auto& t : cfg.tenants) options.seed_roles[t.id] = t.roles;
  rt->events = std::make_unique<pipeline>(*rt->db, rt->flows, rt->clock, std::move(options));
  log::info("bot.opened")
      .kv("data_dir", cfg.data_dir.string())
      .kv("flows", rt->flows.in_help_order().size())
      .kv("seq", rt->db->last_sequence());
  return rt;
}

}  // namespace commonsbot::app
