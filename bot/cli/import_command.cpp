#include "cli/import_command.hpp"

#include "app/runtime.hpp"
#include "catalogue/catalogue.hpp"
#include "catalogue/import.hpp"
#include "collab/report_dates.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/keys.hpp"
#include "store/json_file_store.hpp"
#include "store/recovery.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <thread>

namespace commonsbot::cli {
namespace {

constexpr const char* resources_cmd = "commonsbot import resources";

constexpr const char* format_help =
    "FILE is a CSV (a spreadsheet saved as \"CSV UTF-8\") or, if its name ends in .json, JSON.\n"
    "\n"
    "CSV: a header row naming the columns (any order, any case), then one resource per row:\n"
    "  title           required\n"
    "  link            required: an http:// or https:// address (it identifies the resource:\n"
    "                  importing the same link again updates the entry)\n"
    "  description     one or two sentences\n"
    "  learning_areas  e.g. Science;English (aliases such as maths, HPE, te reo work)\n"
    "  year_levels     e.g. 5;6 or 5-8 or NE;1;2\n"
    "  format          book, ebook, audiobook, magazine, article, website, video, audio, image,\n"
    "                  kit, game, database or other\n"
    "  keywords        e.g. volcanoes;Ruapehu;natural hazards\n"
    "  date_added      YYYY-MM-DD (default: today, or the date already recorded)\n"
    "List cells separate items with ';'. Quote a cell that holds a comma.\n"
    "\n"
    "JSON: an array of objects with the same field names (lists as arrays or ';' text), or an\n"
    "object whose \"resources\" member is that array, e.g.\n"
    "  [{\"title\": \"Volcanoes of Aotearoa\", \"link\": \"https://example.org/volcanoes\",\n"
    "    \"learning_areas\": [\"Science\"], \"year_levels\": [5, 6], \"format\": \"book\"}]\n"
    "\n"
    "Every problem is listed with its row (header = row 1) or JSON path. A file with errors is\n"
    "not imported unless --skip-bad is given; then the good rows are. Rows go in as one\n"
    "change: all of them or none. The data directory must not be in use: stop the server first\n"
    "(a --dry-run works while it runs).\n"
    "\n"
    "Also: --config FILE (default: $COMMONSBOT_CONFIG or config/commonsbot.json) and --data DIR\n"
    "(default: store.dir from the config), before or after FILE.\n"
    "Example: commonsbot import resources library.csv --dry-run";

std::string pick_tenant(const import_flags& flags, const config::config* cfg) {
  if (!cfg) return flags.tenant;
  std::set<std::string> known{cfg->console_tenant};
  for (const auto& t : cfg->tenants) known.insert(t.id);
  auto list = [&] {
    std::string out;
    for (const auto& t : cfg->tenants) out += " " + t.id;
    return out;
  };
  if (!flags.tenant.empty()) {
    if (cfg->tenants.empty() || known.contains(flags.tenant)) return flags.tenant;
    std::cerr << resources_cmd << ": the config has no school \"" << flags.tenant << "\"; its schools are:" << list() << "\n";
    return {};
  }
  if (cfg->tenants.size() == 1) return cfg->tenants.front().id;
  if (cfg->tenants.empty()) return cfg->console_tenant;
  std::cerr << resources_cmd << ": this config serves " << cfg->tenants.size() << " schools; choose one with --tenant:" << list() << "\n";
  return {};
}

// id -> the date it was first added, for the school's resources already stored.
using existing_map = std::map<std::string, std::string>;

void remember(existing_map& out, const std::string& key, const nlohmann::json& value) {
  const auto slash = key.find('/');
  if (slash == std::string::npos) return;
  out[key.substr(slash + 1)] = value.is_object() ? value.value("date_added", std::string()) : std::string();
}

// A dry run reads the data directory without its lock (as `report` does), so it works while
// the server runs. A directory that isn't there yet holds nothing.
bool read_existing_unlocked(const std::string& dir, const std::string& tenant, existing_map& out) {
  store::env& e = store::default_env();
  if (!e.is_directory(dir)) return true;
  store::mem_state state;
  store::status st;
  store::dir_contents c;
  for (int attempt = 0; attempt < 20; ++attempt) {  // a snapshot may remove files under us
    state = store::mem_state{};
    c = store::dir_contents{};
    st = store::load_dir(e, dir, {}, &state, c);
    if (st.code() != store::status_code::not_found) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
  }
  if (st && c.first_fatal()) st = store::status::error(store::status_code::corruption, c.first_fatal()->to_string());
  if (!st) {
    std::cerr << resources_cmd << ": cannot read " << dir << ": " << st.to_string() << " (commonsbot store verify shows more)\n";
    return false;
  }
  state.scan(catalogue::resources_collection, core::tenant_key(tenant, ""), [&](const std::string& key, const std::string& text) {
    remember(out, key, nlohmann::json::parse(text, nullptr, false));
  });
  return true;
}

std::unique_ptr<store::store> open_for_import(const std::string& dir) {
  return app::open_offline_store(
      dir, resources_cmd,
      "  Imports work offline: stop the server, run this again, then start it (it will load the new\n"
      "  resources). A --dry-run works while the server runs; for one resource, /library resource add.\n",
      std::cerr);
}

// "FILE: row 4: link: not an http:// ..." or "FILE: /resources/3/title: missing". Not
// problem::to_string(), which takes an absolute file path in `where` for a JSON pointer.
std::string describe(const catalogue::problem& p) {
  std::string out = p.where;
  if (!p.field.empty()) {
    const auto colon = out.rfind(": ");
    const bool pointer = colon != std::string::npos ? out.compare(colon + 2, 1, "/") == 0 : out.starts_with('/');
    out += out.empty() ? "" : (pointer && !out.ends_with('/') ? "/" : pointer ? "" : ": ");
    out += p.field;
  }
  return (out.empty() ? "" : out + ": ") + p.what;
}

std::string plural(std::size_t n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

}  // namespace

CLI::App* add_import_command(CLI::App& app, std::string& config_path, import_flags& flags) {
  auto* import_cmd = app.add_subcommand("import", "Bring lists into the bot: resources for the catalogue.");
  import_cmd->require_subcommand(1);
  import_cmd->add_option("-c,--config", config_path,
                         "Configuration file (default: $COMMONSBOT_CONFIG or config/commonsbot.json)");
  import_cmd->add_option("--data", flags.data_dir, "Data directory (default: store.dir from the config)");
  auto* resources = import_cmd->add_subcommand("resources", "Add or update catalogue resources from a CSV or JSON file.");
  resources->fallthrough();  // --config and --data may come after the action, as people type them
  resources->add_option("file", flags.file, "The CSV or JSON file")->required();
  resources->add_option("--tenant", flags.tenant, "The school (tenant id); needed when the config has several");
  resources->add_flag("--dry-run", flags.dry_run, "Check the file and count what would change; change nothing");
  resources->add_flag("--skip-bad", flags.skip_bad, "Import the good rows even if some rows have errors");
  resources->footer(format_help);
  return resources;
}

int import_resources_command(const import_flags& flags) {
  // The config gives the data directory and the school; --data and --tenant stand in for it.
  auto loaded = config::load_config(flags.config);
  const bool have_config = loaded.ok();
  if (!have_config && (flags.data_dir.empty() || flags.tenant.empty())) {
    app::print_problems(loaded.problems, std::cerr);
    std::cerr << resources_cmd << ": fix the config (commonsbot check-config), or name the folder with --data and the school "
                       "with --tenant\n";
    return 2;
  }
  const std::string tenant = pick_tenant(flags, have_config ? &loaded.cfg : nullptr);
  if (tenant.empty()) return 2;
  const std::string dir = flags.data_dir.empty() ? loaded.cfg.data_dir.string() : flags.data_dir;

  catalogue::problem_list problems;
  auto rows = catalogue::import_file(flags.file, problems);
  std::set<std::string> bad_rows;
  for (const auto& p : problems) {
    const bool error = p.level == catalogue::problem::severity::error;
    std::cerr << (error ? "error: " : "warning: ") << describe(p) << "\n";
    if (error) bad_rows.insert(p.where);
  }
  if (rows.empty() && !bad_rows.empty()) {
    std::cerr << resources_cmd << ": nothing imported: no resource in " << flags.file << " could be read (see above)\n";
    return 1;
  }
  if (!bad_rows.empty() && !flags.skip_bad) {
    std::cerr << resources_cmd << ": " << plural(bad_rows.size(), "row has", "rows have") << " errors (listed above), so nothing "
              << (flags.dry_run ? "would be" : "was") << " imported. Fix "
              << (bad_rows.size() == 1 ? "it" : "them") << " and run this again, or add --skip-bad to import the "
              << plural(rows.size(), "good row", "good rows") << " and leave the bad ones out.\n";
    return 1;
  }

  existing_map existing;
  std::unique_ptr<store::store> db;
  if (flags.dry_run) {
    if (!read_existing_unlocked(dir, tenant, existing)) return 1;
  } else {
    db = open_for_import(dir);
    if (!db) return 1;
    for (const auto& [key, value] : db->scan(catalogue::resources_collection, core::tenant_key(tenant, "")))
      remember(existing, key, value);
  }

  const std::string today = collab::nz_date(core::to_epoch_ms(core::system_clock().now()));
  store::transaction txn;
  std::size_t fresh = 0, updated = 0;
  for (auto& r : rows) {
    auto it = existing.find(r.id);
    if (it == existing.end()) ++fresh;
    else ++updated;
    // An update keeps the day the resource first joined the catalogue, unless the file says.
    if (r.added.empty()) r.added = it != existing.end() && !it->second.empty() ? it->second : today;
    catalogue::stage_upsert(txn, tenant, r);
  }
  const std::string counts = std::to_string(rows.size()) + " (" + std::to_string(fresh) + " new, " +
                             std::to_string(updated) + " updated), skipped " + std::to_string(bad_rows.size());
  if (flags.dry_run) {
    std::cout << "dry run: would import " << counts << " for " << tenant << "; nothing was changed\n";
    return 0;
  }
  const auto st = txn.empty() ? store::status::ok() : db->commit(std::move(txn));
  const auto closed = db->close();
  if (!st) {
    std::cerr << resources_cmd << ": nothing imported: " << st.to_string() << "\n";
    return 1;
  }
  std::cout << "imported " << counts << " for " << tenant << "\n";
  if (!closed) {
    std::cerr << resources_cmd << ": the import is saved, but closing the data directory failed: " << closed.to_string() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace commonsbot::cli
