#include "app/runtime.hpp"

#include "config/digest.hpp"
#include "digest/actions.hpp"
#include "log/log.hpp"
#include "nudges/actions.hpp"
#include "pipeline/conversation_actions.hpp"
#include "pipeline/workspace_actions.hpp"
#include "pipeline/zone_actions.hpp"

#include <nlohmann/json.hpp>

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

// The catalogue reports problems its own way (a row or JSON path, a field); check-config
// prints them with everything else.
void add_catalogue_problems(const catalogue::problem_list& found, const std::string& file, flows::problem_list& problems) {
  for (const auto& p : found)
    problems.push_back({p.level == catalogue::problem::severity::error ? flows::problem::severity::error
                                                                        : flows::problem::severity::warning,
                        file, p.where + (p.field.empty() ? "" : "/" + p.field), p.what});
}

void load_templates(const std::filesystem::path& templates_dir, const std::string& locale, flows::flow_registry& flows,
                    collab::content& content, flows::action_registry& actions, collab::services& services,
                    flows::problem_list& problems, catalogue::catalogue* resources,
                    const nudges::context* nudge_context, const digest::context* digest_context) {
  flows = flows::flow_registry::load(templates_dir, locale, problems);
  content = collab::content::load(templates_dir, flows.messages(), {}, problems);
  services.words = &content;
  if (resources) {
    const auto sample = templates_dir / "catalogue" / "sample.json";
    std::error_code ec;
    if (std::filesystem::exists(sample, ec)) {
      catalogue::problem_list found;
      resources->load_sample(sample, found);
      add_catalogue_problems(found, sample.string(), problems);
    }
    services.resources = resources;
  }
  collab::register_actions(actions, services);
  static const nudges::context no_settings;  // check-config and offline commands
  nudges::register_actions(actions, nudge_context ? *nudge_context : no_settings);
  static const digest::context no_digest_settings;
  digest::register_actions(actions, digest_context ? *digest_context : no_digest_settings);
  pipeline::add_workspace_actions(actions);
  pipeline::add_conversation_actions(actions);  // on.conversation_added / _removed (Teams)
  pipeline::add_zone_actions(actions);  // on.time_zone_found (workers/people_zones.hpp)
  flows.check_actions(actions, problems);
}

std::unique_ptr<runtime> open_runtime(const config::config& cfg, std::ostream& err, std::shared_ptr<const core::clock> clock) {
  auto rt = std::make_unique<runtime>();
  rt->cfg = cfg;
  if (clock) rt->clock = std::move(clock);
  flows::problem_list problems;
  for (const auto& t : cfg.tenants)  // the platform is the sharer's (see collab::staff_channel)
    if (!t.staff_channel.empty()) rt->services.staff_channels[t.id] = {"", t.id, t.staff_channel, "", "", "", ""};
  rt->nudges.services = &rt->services;
  rt->nudges.messages = &rt->flows.messages();
  rt->nudges.default_locale = cfg.locale;
  for (const auto& t : cfg.tenants) rt->nudges.tenants[t.id] = {t.time_zone, t.calendar, t.nudge_rules};
  rt->digests.services = &rt->services;
  rt->digests.messages = &rt->flows.messages();
  rt->digests.default_locale = cfg.locale;
  config::fill_digest_tenants(cfg, rt->digests);  // zones and feeds
  load_templates(cfg.templates_dir, cfg.locale, rt->flows, rt->content, rt->actions, rt->services, problems,
                 &rt->resources, &rt->nudges, &rt->digests);
  if (print_problems(problems, err) > 0) {
    err << "commonsbot: the templates in " << cfg.templates_dir.string() << " have errors (listed above)\n";
    return nullptr;
  }
  rt->db = open_store(cfg, err);
  if (!rt->db) return nullptr;
  rt->nudges.db = rt->db.get();  // nudge fires read meetings, people and plans from here
  catalogue::problem_list unreadable;
  rt->resources.rebuild(*rt->db, unreadable);
  for (const auto& p : unreadable)  // a record the catalogue can't read is skipped, not fatal
    log::warn("catalogue.unreadable_record").kv("key", p.where).kv("why", p.what);

  pipeline::pipeline_options options;
  options.session_idle_ms = cfg.session_idle_minutes * 60 * 1000;
  options.default_locale = cfg.locale;
  for (const auto& t : cfg.tenants) options.seed_roles[t.id] = t.roles;
  options.actions = &rt->actions;
  // adapters.<platform>.allow_guests (checked by each adapter's settings): people from
  // another tenant may use the bot there.
  for (const auto& [platform, section] : cfg.adapters.items()) {
    const auto allow = section.is_object() ? section.find("allow_guests") : section.end();
    if (section.is_object() && allow != section.end() && allow->is_boolean() && allow->get<bool>())
      options.outsiders_allowed.insert(platform);
  }
  rt->events = std::make_unique<pipeline::pipeline>(*rt->db, rt->flows, *rt->clock, std::move(options));
  log::info("bot.opened")
      .kv("data_dir", cfg.data_dir.string())
      .kv("flows", rt->flows.in_help_order().size())
      .kv("sample_resources", rt->resources.shared_size())
      .kv("seq", rt->db->last_sequence());
  return rt;
}

}  // namespace commonsbot::app
