#include "cli/teams_commands.hpp"

#include "adapters/teams/app_package.hpp"
#include "adapters/teams/settings.hpp"
#include "app/runtime.hpp"
#include "config/config.hpp"
#include "flows/flow_registry.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <zip.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

namespace commonsbot::cli {
namespace {

namespace teams = adapters::teams;
constexpr const char* package_cmd = "commonsbot teams package";

constexpr const char* package_help =
    "Writes a zip with manifest.json, color.png (192x192) and outline.png (32x32) for the bot in\n"
    "adapters.teams of the config. Upload it in the Teams admin centre (Teams apps > Manage apps >\n"
    "Upload new app) or in Teams (Apps > Manage your apps > Upload an app). See docs/teams.md.\n"
    "\n"
    "The app id is derived from adapters.teams.app_id (the same bot always gets the same id, so a\n"
    "new package updates the installed app) unless adapters.teams.package.id sets one. Names,\n"
    "descriptions, developer details and the accent colour come from adapters.teams.package; the\n"
    "command menu from the bot's flows in templates/. Raise --version for every new upload.\n"
    "Every Teams limit is checked first; nothing is written if one is broken.\n"
    "Also: --config FILE (default: $COMMONSBOT_CONFIG or config/commonsbot.json).\n"
    "Example: commonsbot teams package --out commonsbot-teams.zip --version 1.0.1 --host bot.school.nz";

// Read problems as check-config reads the Slack section: a secret that is not in this shell's
// environment does not matter here (the package holds no secrets).
void soften_secret_problems(flows::problem_list& problems) {
  for (auto& p : problems)
    if (p.what.starts_with("environment variable ") || p.what.starts_with("cannot read secret file")) {
      p.level = flows::problem::severity::warning;
      p.what += " (needed when serving, not for the package)";
    }
}

// The bot's commands as Teams should offer them: "library <word>" with the flow's help line.
std::vector<teams::bot_command> flow_commands(const config::config& cfg, flows::problem_list& problems) {
  auto registry = flows::flow_registry::load(cfg.templates_dir, cfg.locale, problems);
  std::vector<teams::bot_command> all;
  for (const auto* flow : registry.in_help_order())
    all.push_back({"library " + flow->command, registry.messages().text(cfg.locale, flow->summary)});
  return teams::pick_commands(all);
}

bool read_bytes(const std::filesystem::path& file, std::string& out) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::stringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

// Host names only: "https://bot.school.nz/" is taken as bot.school.nz.
std::string bare_host(std::string host) {
  for (const char* scheme : {"https://", "http://"})
    if (host.rfind(scheme, 0) == 0) host.erase(0, std::string(scheme).size());
  while (!host.empty() && host.back() == '/') host.pop_back();
  return host;
}

struct zip_entry {
  const char* name;
  const std::string* bytes;
};

// Writes the entries to `out` (replacing it). Empty on success, else why not.
std::string write_zip(const std::string& out, const std::vector<zip_entry>& entries) {
  int code = 0;
  zip_t* za = zip_open(out.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!za) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    return why;
  }
  for (const auto& e : entries) {
    zip_source_t* src = zip_source_buffer(za, e.bytes->data(), e.bytes->size(), 0);
    const zip_int64_t index = src ? zip_file_add(za, e.name, src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) : -1;
    if (index < 0) {
      if (src) zip_source_free(src);
      std::string why = zip_strerror(za);
      zip_discard(za);
      return why;
    }
    // A fixed date (1 Jan 2024, local time) so the same inputs give the same zip.
    zip_file_set_mtime(za, static_cast<zip_uint64_t>(index), 1704067200, 0);
  }
  if (zip_close(za) < 0) {
    std::string why = zip_strerror(za);
    zip_discard(za);
    return why;
  }
  return {};
}

int refuse(const std::string& why) {
  std::cerr << package_cmd << ": " << why << "\n";
  return 2;
}

}  // namespace

CLI::App* add_teams_command(CLI::App& app, std::string& config_path, teams_package_flags& flags) {
  auto* cmd = app.add_subcommand("teams", "Microsoft Teams: build the app package that installs the bot.");
  cmd->require_subcommand(1);
  cmd->add_option("-c,--config", config_path, "Configuration file (default: $COMMONSBOT_CONFIG or config/commonsbot.json)");
  auto* package = cmd->add_subcommand("package", "Build the Teams app package (a .zip to upload to Teams).");
  package->fallthrough();  // --config may come after the action, as people type it
  package->add_option("-o,--out", flags.out, "The .zip to write (replaced if it exists)")->required();
  package->add_option("--version", flags.version,
                      "The app's version, X.Y.Z; raise it for every upload (default: adapters.teams.package.version, "
                      "else 1.0.0)");
  package->add_option("--host", flags.host,
                      "The bot's public host name, e.g. bot.school.nz (the one in https://HOST/api/messages); added "
                      "to validDomains");
  package->add_option("--icons", flags.icons_dir, "Folder holding color.png and outline.png (default: config/teams)");
  package->footer(package_help);
  return package;
}

int teams_package_command(const teams_package_flags& flags) {
  auto loaded = config::load_config(flags.config);
  if (!loaded.ok()) {
    app::print_problems(loaded.problems, std::cerr);
    return refuse("fix the configuration first (commonsbot check-config lists every problem)");
  }
  const auto& cfg = loaded.cfg;
  const auto section = cfg.adapters.find("teams");
  if (section == cfg.adapters.end() || !section->is_object())
    return refuse(cfg.file.string() + " has no adapters.teams section; add one with your bot's app_id and tenant_id "
                  "(see docs/teams.md and config/commonsbot.example.json)");

  flows::problem_list problems;
  const auto settings = teams::read_settings(*section, cfg.file.string(), problems);
  soften_secret_problems(problems);
  auto info = teams::read_package_info(*section, cfg.file.string(), problems);
  const auto commands = flow_commands(cfg, problems);
  if (app::print_problems(problems, std::cerr) > 0)
    return refuse("fix the errors above in " + cfg.file.string() + " or the templates, then run this again");

  if (!flags.version.empty()) info.version = flags.version;
  if (!flags.host.empty()) {
    const auto host = bare_host(flags.host);
    if (std::find(info.valid_domains.begin(), info.valid_domains.end(), host) == info.valid_domains.end())
      info.valid_domains.push_back(host);
  }
  const auto built = teams::build_manifest(settings, info, commands);
  for (const auto& w : built.warnings) std::cerr << "warning: " << w << "\n";
  for (const auto& e : built.errors) std::cerr << "error: manifest " << e.to_string() << "\n";
  if (!built.ok()) return refuse("Teams would refuse this package; nothing was written");

  const std::filesystem::path icons = flags.icons_dir;
  std::string color, outline;
  bool icons_ok = true;
  for (auto [name, bytes] : {std::pair{"color", &color}, std::pair{"outline", &outline}}) {
    const auto file = icons / (std::string(name) + ".png");
    std::string why = read_bytes(file, *bytes) ? teams::check_icon(name, *bytes) : "cannot read " + file.string();
    if (!why.empty()) {
      std::cerr << "error: " << why << " (--icons chooses the folder)\n";
      icons_ok = false;
    }
  }
  if (!icons_ok) return refuse("the icons in " + icons.string() + " will not do; nothing was written");

  const std::filesystem::path out = flags.out;
  std::error_code ec;
  const auto parent = out.parent_path().empty() ? std::filesystem::path(".") : out.parent_path();
  if (!std::filesystem::is_directory(parent, ec))
    return refuse("cannot write " + out.string() + ": the folder " + parent.string() + " does not exist");
  if (std::filesystem::is_directory(out, ec)) return refuse("cannot write " + out.string() + ": it is a folder");
  const std::string manifest = built.manifest.dump(2) + "\n";
  if (const auto why = write_zip(out.string(), {{"manifest.json", &manifest}, {"color.png", &color}, {"outline.png", &outline}});
      !why.empty())
    return refuse("cannot write " + out.string() + ": " + why);

  const auto& menu = built.manifest["bots"][0];
  const auto count = menu.contains("commandLists") ? menu["commandLists"][0]["commands"].size() : 0;
  std::cout << "wrote " << out.string() << ": Teams app " << built.manifest["id"].get<std::string>() << ", version "
            << info.version << ", bot " << settings.app_id << ", " << count << " commands\n"
            << "Upload it in the Teams admin centre (Teams apps > Manage apps > Upload new app); see docs/teams.md.\n";
  return 0;
}

}  // namespace commonsbot::cli
