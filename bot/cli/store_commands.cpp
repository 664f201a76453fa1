#include "cli/store_commands.hpp"

#include "adapters/slack/installations.hpp"
#include "app/runtime.hpp"
#include "config/config.hpp"
#include "store/tools.hpp"

#include <iostream>

namespace commonsbot::cli {
namespace {

// The data directory: --data if given, else store.dir from the config.
bool data_dir_for(const store_flags& flags, std::string& dir) {
  if (!flags.data_dir.empty()) {
    dir = flags.data_dir;
    return true;
  }
  auto loaded = config::load_config(flags.config);
  if (!loaded.ok()) {
    app::print_problems(loaded.problems, std::cerr);
    std::cerr << "commonsbot store: fix the config, or name the folder with --data\n";
    return false;
  }
  dir = loaded.cfg.data_dir.string();
  return true;
}

int finish(const char* what, const store::status& st, const std::string& report) {
  std::cout << report;
  if (!report.empty() && report.back() != '\n') std::cout << "\n";
  if (!st) {
    std::cerr << "commonsbot store " << what << ": " << st.to_string() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int store_verify_command(const store_flags& flags) {
  std::string dir;
  if (!data_dir_for(flags, dir)) return 2;
  store::verify_report report;
  const auto st = store::verify(dir, report);
  return finish("verify", st, report.to_text());
}

int store_repair_command(const store_flags& flags) {
  std::string dir;
  if (!data_dir_for(flags, dir)) return 2;
  store::repair_report report;
  const auto st = store::repair(dir, flags.backup_dir, report);
  return finish("repair", st, report.to_text());
}

int store_export_command(const store_flags& flags) {
  std::string dir;
  if (!data_dir_for(flags, dir)) return 2;
  store::export_report report;
  // Tokens stay out unless asked for: an export is read, mailed and kept far more loosely
  // than the data directory.
  store::secret_field_map leave_out;
  if (!flags.include_secrets)
    for (const auto& s : {adapters::slack::installation_secrets()}) leave_out[s.collection] = s.fields;
  const auto st = store::export_json(dir, flags.file, report, nullptr, leave_out);
  // With --out -, stdout carries the JSON; the summary goes to stderr.
  if (flags.file == "-") {
    std::cerr << report.to_text() << "\n";
    if (!st) std::cerr << "commonsbot store export: " << st.to_string() << "\n";
    return st ? 0 : 1;
  }
  return finish("export", st, report.to_text());
}

int store_import_command(const store_flags& flags) {
  std::string dir;
  if (!data_dir_for(flags, dir)) return 2;
  store::import_report report;
  const auto st = store::import_json(flags.file, dir, flags.force, report);
  return finish("import", st, report.to_text());
}

}  // namespace commonsbot::cli
