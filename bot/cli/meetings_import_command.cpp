#include "cli/meetings_import_command.hpp"

#include "app/runtime.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/keys.hpp"
#include "fetch/fetch.hpp"
#include "meetings/ics_import.hpp"
#include "meetings/ics_store.hpp"
#include "schedule/zone.hpp"
#include "store/json_file_store.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <set>

namespace commonsbot::cli {
namespace {

constexpr const char* meetings_cmd = "commonsbot meetings import";
constexpr const char* default_zone = "Pacific/Auckland";

constexpr const char* import_help =
    "The source (FILE|URL) is a calendar in iCalendar (.ics) form: a file you exported, or the link a calendar\n"
    "gives for sharing (Google: Settings > your calendar > \"Secret address in iCal format\";\n"
    "Outlook: Publish calendar > ICS link). http://, https:// and webcal:// links all work.\n"
    "\n"
    "Each event that repeats (or happens once) becomes one meeting, with every date it has in the\n"
    "next --days days: repeats, cancelled and moved occurrences and time zones are read from the\n"
    "calendar itself, so the calendar is the truth (school terms are not applied on top).\n"
    "All-day events are not meetings and are left out.\n"
    "\n"
    "Import the same source again to bring in changes: new events are added, changed ones\n"
    "updated and ones the calendar no longer has removed. Meetings added in chat, from the config\n"
    "or from another calendar are never touched, and what people set in chat on an imported\n"
    "meeting (who goes, what it plans for, its nudges) is kept.\n"
    "\n"
    "The data directory must not be in use: stop the server first, then start it again to\n"
    "schedule the nudges. To keep a calendar up to date by itself, list it in the config under\n"
    "tenants[].calendars instead.\n"
    "\n"
    "Also: --config FILE (default: $COMMONSBOT_CONFIG or config/commonsbot.json) and --data DIR\n"
    "(default: store.dir from the config).\n"
    "Example: commonsbot meetings import staff.ics --tenant kowhai --dry-run";

const config::tenant_config* find_tenant(const config::config& cfg, const std::string& id) {
  for (const auto& t : cfg.tenants)
    if (t.id == id) return &t;
  return nullptr;
}

std::string school_list(const config::config& cfg) {
  std::string out;
  for (const auto& t : cfg.tenants) out += " " + t.id;
  return out;
}

// The school: --tenant, or the config's only one.
std::string pick_tenant(const meetings_import_flags& flags, const config::config* cfg) {
  if (!cfg || (!flags.tenant.empty() && cfg->tenants.empty())) return flags.tenant;
  if (!flags.tenant.empty()) {
    if (find_tenant(*cfg, flags.tenant) || flags.tenant == cfg->console_tenant) return flags.tenant;
    std::cerr << meetings_cmd << ": the config has no school \"" << flags.tenant << "\"; its schools are:" << school_list(*cfg) << "\n";
    return {};
  }
  if (cfg->tenants.size() == 1) return cfg->tenants.front().id;
  if (cfg->tenants.empty()) return cfg->console_tenant;
  std::cerr << meetings_cmd << ": this config serves " << cfg->tenants.size() << " schools; choose one with --tenant:"
            << school_list(*cfg) << "\n";
  return {};
}

std::unique_ptr<store::store> open_for_meetings(const std::string& dir) {
  return app::open_offline_store(
      dir, meetings_cmd,
      "  This command works offline: stop the server, run this again, then start the server (it will\n"
      "  schedule the meetings' nudges). To keep a calendar up to date while the server runs, list it\n"
      "  in the config under tenants[].calendars.\n",
      std::cerr);
}

std::string when_text(const meetings::meeting& m) {
  const auto& d = m.when.dates;
  std::string out = std::to_string(d.size()) + (d.size() == 1 ? " time: " : " times from ") + schedule::to_iso(d.front());
  if (d.size() > 1) out += " to " + schedule::to_iso(d.back());
  return out + " " + m.when.zone;
}

void print_meetings(const meetings::ics_result& r, const meetings::import_summary& s) {
  const std::set<std::string> added(s.added.begin(), s.added.end());
  const std::set<std::string> changed(s.changed.begin(), s.changed.end());
  for (const auto& m : r.meetings) {
    const char* what = added.count(m.id) ? "new      " : changed.count(m.id) ? "changed  " : "same     ";
    std::cout << "  " << what << m.id << "  " << m.name << "  (" << when_text(m) << ")\n";
  }
}

}  // namespace

CLI::App* add_meetings_command(CLI::App& app, std::string& config_path, meetings_import_flags& flags) {
  auto* cmd = app.add_subcommand("meetings", "Planning meetings the bot nudges people before: import them from a calendar.");
  cmd->require_subcommand(1);
  cmd->add_option("-c,--config", config_path, "Configuration file (default: $COMMONSBOT_CONFIG or config/commonsbot.json)");
  cmd->add_option("--data", flags.data_dir, "Data directory (default: store.dir from the config)");
  auto* import_cmd = cmd->add_subcommand("import", "Add or update meetings from an iCalendar (.ics) file or link.");
  import_cmd->fallthrough();  // --config and --data may come after the action, as people type them
  import_cmd->add_option("source", flags.source, "The .ics file, or its https:// (or webcal://) link")->required();
  import_cmd->add_option("--tenant", flags.tenant, "The school (tenant id); needed when the config has several");
  import_cmd->add_option("--zone", flags.zone,
                     "Time zone for times the calendar gives without one, e.g. Pacific/Auckland (default: the school's)");
  import_cmd->add_option("--days", flags.days, "How many days ahead to read the meetings' dates (default: 400)")
      ->check(CLI::Range(1, 3660));
  import_cmd->add_flag("--dry-run", flags.dry_run, "Show what would change; change nothing");
  import_cmd->footer(import_help);
  return import_cmd;
}

int meetings_import_command(const meetings_import_flags& flags) {
  auto loaded = config::load_config(flags.config);
  const bool have_config = loaded.ok();
  if (!have_config && (flags.data_dir.empty() || flags.tenant.empty())) {
    app::print_problems(loaded.problems, std::cerr);
    std::cerr << meetings_cmd << ": fix the config (commonsbot check-config), or name the folder with --data and the school "
                       "with --tenant\n";
    return 2;
  }
  const std::string tenant = pick_tenant(flags, have_config ? &loaded.cfg : nullptr);
  if (tenant.empty()) return 2;
  const auto* school = have_config ? find_tenant(loaded.cfg, tenant) : nullptr;
  const std::string zone_name =
      !flags.zone.empty() ? flags.zone : school && !school->time_zone.empty() ? school->time_zone : default_zone;
  const auto zone = schedule::zone::find(zone_name);
  if (!zone) {
    std::cerr << meetings_cmd << ": \"" << zone_name << "\" is not a time zone we know; use an IANA name such as "
              << "Pacific/Auckland or Europe/London\n";
    return 2;
  }
  const std::string dir = flags.data_dir.empty() ? loaded.cfg.data_dir.string() : flags.data_dir;

  fetch::request req;
  req.url = flags.source;
  if (have_config) req.ca_file = loaded.cfg.fetch_ca_file;  // the same calendar the server fetches
  const auto got = fetch::get(req);
  if (got.what != fetch::result::outcome::fetched) {
    std::cerr << meetings_cmd << ": " << got.error << "\n  Nothing was changed.\n";
    return 1;
  }

  const auto now_ms = core::to_epoch_ms(core::system_clock().now());
  const auto today = schedule::days_from_civil(zone->to_local(now_ms).date);
  meetings::ics_options opts;
  opts.tenant = tenant;
  opts.source = flags.source;
  opts.default_zone = zone->name();
  opts.from = schedule::civil_from_days(today - 1);  // as the server's refresh does, so both agree
  opts.to = schedule::civil_from_days(today + flags.days);
  const auto r = meetings::import_meetings(got.body, opts);
  for (const auto& p : r.problems) std::cerr << "warning: " << p << "\n";
  if (!r.parsed) {
    std::cerr << meetings_cmd << ": " << flags.source << " could not be read as a calendar (see above). Nothing was changed.\n";
    return 1;
  }

  auto db = open_for_meetings(dir);
  if (!db) return 1;
  meetings::import_summary s;
  auto txn = meetings::apply_import(*db, tenant, flags.source, r, &s);
  std::cout << flags.source << ": " << r.meetings.size() << (r.meetings.size() == 1 ? " meeting" : " meetings")
            << " in the next " << flags.days << " days" << (r.problems.empty() ? "" : " (some events left out: see above)")
            << "\n";
  print_meetings(r, s);
  for (const auto& id : s.removed) {
    const auto old = db->get(meetings::collection, core::tenant_key(tenant, id));
    const std::string name = old && old->is_object() ? old->value("name", std::string()) : std::string();
    std::cout << "  removed  " << id << "  " << name << "  (no longer in the calendar)\n";
  }
  for (const auto& skip : s.skipped) std::cout << "  skipped  " << skip << "\n";

  if (flags.dry_run) {
    std::cout << "dry run for " << tenant << ": would be " << meetings::to_text(s) << "; nothing was changed\n";
    return db->close() ? 0 : 1;
  }
  const auto st = txn.empty() ? store::status::ok() : db->commit(std::move(txn));
  const auto closed = db->close();
  if (!st) {
    std::cerr << meetings_cmd << ": nothing imported: " << st.to_string() << "\n";
    return 1;
  }
  std::cout << "imported for " << tenant << ": " << meetings::to_text(s) << "\n";
  if (!s.nothing_to_do()) std::cout << "Start (or restart) the server to schedule their nudges.\n";
  if (!closed) {
    std::cerr << meetings_cmd << ": the import is saved, but closing the data directory failed: " << closed.to_string() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace commonsbot::cli
