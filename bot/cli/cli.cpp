#include "cli/cli.hpp"

#include "app/commands.hpp"
#include "cli/digest_command.hpp"
#include "cli/import_command.hpp"
#include "cli/meetings_import_command.hpp"
#include "cli/outbox_commands.hpp"
#include "cli/report_command.hpp"
#include "cli/schedule_commands.hpp"
#include "cli/store_commands.hpp"
#include "cli/teams_commands.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace commonsbot::cli {
namespace {

constexpr const char* version = "0.1.0";

std::string default_config() {
  const char* env = std::getenv("COMMONSBOT_CONFIG");
  return env && *env ? env : "config/commonsbot.json";
}

void add_config_option(CLI::App* cmd, std::string& path) {
  cmd->add_option("-c,--config", path, "Configuration file (default: $COMMONSBOT_CONFIG or config/commonsbot.json)");
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"Commons Bot: teacher-library collaboration in your staff chat.", "commonsbot"};
  app.set_version_flag("--version", version);
  app.require_subcommand(1);
  app.footer("Run 'commonsbot <command> --help' for a command's options.");

  std::string config_path = default_config();

  app::serve_flags serve;
  std::string serve_data;
  unsigned serve_port = 0;
  std::string port_file;
  auto* serve_cmd = app.add_subcommand("serve", "Run the bot: the webhook server for the enabled platforms.");
  add_config_option(serve_cmd, config_path);
  serve_cmd->add_option("--data", serve_data, "Data directory (overrides store.dir)");
  auto* port_opt = serve_cmd->add_option("--port", serve_port, "Port to listen on (overrides server.port; 0 picks a free one)")
                       ->check(CLI::Range(0, 65535));
  serve_cmd->add_option("--port-file", port_file, "Write the bound port to this file once listening");
  std::string clock_file;
  serve_cmd->add_option("--clock-file", clock_file,
                        "For testing: read the current time from PATH (milliseconds since 1970) instead of the "
                        "system clock");
  serve_cmd->callback([&] {
    serve.config = config_path;
    if (!serve_data.empty()) serve.data_dir = serve_data;
    if (port_opt->count()) serve.port = serve_port;
    serve.port_file = port_file;
    serve.clock_file = clock_file;
  });

  app::chat_flags chat;
  std::string chat_data;
  auto* chat_cmd = app.add_subcommand("chat", "Talk to the bot in this terminal (or pipe a script into it).");
  add_config_option(chat_cmd, config_path);
  chat_cmd->add_option("--as", chat.name, "Your name in the conversation, e.g. Aroha")->required();
  chat_cmd->add_option("--role", chat.role, "Set your role: teacher, library_staff, leader or admin");
  chat_cmd->add_option("--data", chat_data, "Data directory (overrides store.dir)");
  chat_cmd->footer("Example: commonsbot chat --as Aroha --role library_staff, then type /library help.");

  auto* check_cmd = app.add_subcommand("check-config", "Check the configuration and templates; list every problem.");
  add_config_option(check_cmd, config_path);

  store_flags store;
  auto* store_cmd = app.add_subcommand("store", "Look after the data directory: verify, repair, export, import.");
  store_cmd->require_subcommand(1);
  add_config_option(store_cmd, config_path);
  store_cmd->add_option("--data", store.data_dir, "Data directory (default: store.dir from the config)");
  auto* verify_cmd = store_cmd->add_subcommand("verify", "Check every file offline; change nothing.");
  auto* repair_cmd = store_cmd->add_subcommand("repair", "Keep the longest valid history, after a full backup.");
  repair_cmd->add_option("--backup", store.backup_dir, "Where to copy the data directory first")->required();
  auto* export_cmd = store_cmd->add_subcommand(
      "export", "Write a consistent JSON copy of everything (safe while serving). Tokens (Slack installations') are "
                "left out, written as \"(secret left out)\", unless --include-secrets is given.");
  export_cmd->add_option("--out", store.file, "The JSON file to write")->required();
  export_cmd->add_flag("--include-secrets", store.include_secrets,
                       "Keep the tokens, still sealed with the token key, e.g. for a backup to import later");
  auto* import_cmd = store_cmd->add_subcommand("import", "Restore an export into an empty data directory.");
  import_cmd->add_option("--in", store.file, "The JSON file to read")->required();
  import_cmd->add_flag("--force", store.force, "Replace a data directory that already has data");

  outbox_flags outbox;
  auto* outbox_cmd = app.add_subcommand("outbox", "Inspect and fix undelivered messages (offline: stop the server first).");
  outbox_cmd->require_subcommand(1);
  add_config_option(outbox_cmd, config_path);
  outbox_cmd->add_option("--data", outbox.data_dir, "Data directory (default: store.dir from the config)");
  auto* outbox_list = outbox_cmd->add_subcommand("list", "List queued entries (or dead letters with --dead).");
  outbox_list->add_flag("--dead", outbox.dead, "List the dead letters and why each stopped");
  auto* outbox_retry = outbox_cmd->add_subcommand("retry", "Send entries again now; dead letters go back to the outbox.");
  outbox_retry->add_option("ids", outbox.ids, "Entries as 'outbox list' prints them (tenant/id)");
  outbox_retry->add_flag("--all", outbox.all, "Every dead letter");
  auto* outbox_drop = outbox_cmd->add_subcommand("drop", "Delete entries for good (from the outbox or the dead letters).");
  // "--config" and "--data" belong to the parent; let them come after the action too
  // (`commonsbot store verify --config FILE`), as people type them.
  for (auto* action : {verify_cmd, repair_cmd, export_cmd, import_cmd, outbox_list, outbox_retry, outbox_drop})
    action->fallthrough();
  outbox_drop->add_option("ids", outbox.ids, "Entries as 'outbox list' prints them (tenant/id)");
  outbox_drop->add_flag("--dead", outbox.dead, "With --all: the dead letters");
  outbox_drop->add_flag("--all", outbox.all, "With --dead: every dead letter");

  schedule_flags schedule;
  auto* schedule_cmd = app.add_subcommand("schedule", "Scheduled jobs (nudges, reminders): list them, see what fires next, fire one now.");
  schedule_cmd->require_subcommand(1);
  add_config_option(schedule_cmd, config_path);
  schedule_cmd->add_option("--data", schedule.data_dir, "Data directory (default: store.dir from the config)");
  auto* schedule_list = schedule_cmd->add_subcommand("list", "Every job: its rule, next fire (local and UTC) and last fire.");
  auto* schedule_next = schedule_cmd->add_subcommand("next", "The next fires across all jobs, soonest first.");
  schedule_next->add_option("--count", schedule.count, "How many (default: 10)")->check(CLI::Range(1, 10000));
  auto* schedule_run = schedule_cmd->add_subcommand("run-now", "Fire a job once now (its messages go to the outbox); its schedule stays.");
  schedule_run->add_option("job", schedule.job, "The job as 'schedule list' prints it (tenant/id)")->required();
  for (auto* action : {schedule_list, schedule_next, schedule_run}) action->fallthrough();
  schedule_cmd->footer("Offline: stop the server first. Times are each job's local wall time in its IANA zone.\n"
                       "Example: commonsbot schedule next --count 5");

  report_flags report;
  auto* report_cmd = app.add_subcommand(
      "report", "The evidence report (as /library report) for a term or dates, as JSON, CSV or text.");
  add_config_option(report_cmd, config_path);
  report_cmd->add_option("--data", report.data_dir, "Data directory (default: store.dir from the config)");
  report_cmd->add_option("--from", report.from, "First day, YYYY-MM-DD (with --to)");
  report_cmd->add_option("--to", report.to, "Last day, YYYY-MM-DD (with --from)");
  report_cmd->add_option("--term", report.term, "A school term instead of dates: 1-4 (NZ terms)")->check(CLI::Range(1, 4));
  report_cmd->add_option("--year", report.year, "With --term: its year; alone: the whole year")->check(CLI::Range(2000, 2100));
  report_cmd->add_option("--tenant", report.tenant, "The school (tenant id); needed when the config has several");
  report_cmd->add_option("--format", report.format, "json, csv or text (default: text)")
      ->check(CLI::IsMember({"json", "csv", "text"}));
  report_cmd->footer(
      "With no dates: the current school term. Terms (New Zealand dates, holidays included): 1 = Jan-Apr,\n"
      "2 = May to 15 Jul, 3 = 16 Jul to Sep, 4 = Oct-Dec. Safe while the bot is serving: it reads the data\n"
      "folder without locking it.\n"
      "Example: commonsbot report --from 2025-02-03 --to 2025-04-11 --format csv > term1.csv");

  import_flags import_args;
  auto* import_resources_cmd = add_import_command(app, config_path, import_args);

  meetings_import_flags meetings_import;
  auto* meetings_import_cmd = add_meetings_command(app, config_path, meetings_import);

  digest_run_flags digest_run;
  auto* digest_run_cmd = add_digest_command(app, config_path, digest_run);

  teams_package_flags teams_package;
  auto* teams_package_cmd = add_teams_command(app, config_path, teams_package);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (*serve_cmd) return app::serve_command(serve);
  if (*chat_cmd) {
    chat.config = config_path;
    if (!chat_data.empty()) chat.data_dir = chat_data;
    return app::chat_command(chat);
  }
  if (*check_cmd) return app::check_config_command(config_path);
  if (*store_cmd) {
    store.config = config_path;
    if (*verify_cmd) return store_verify_command(store);
    if (*repair_cmd) return store_repair_command(store);
    if (*export_cmd) return store_export_command(store);
    if (*import_cmd) return store_import_command(store);
  }
  if (*meetings_import_cmd) {
    meetings_import.config = config_path;
    return meetings_import_command(meetings_import);
  }
  if (*digest_run_cmd) {
    digest_run.config = config_path;
    return digest_run_command(digest_run);
  }
  if (*import_resources_cmd) {
    import_args.config = config_path;
    return import_resources_command(import_args);
  }
  if (*teams_package_cmd) {
    teams_package.config = config_path;
    return teams_package_command(teams_package);
  }
  if (*report_cmd) {
    report.config = config_path;
    return report_command(report);
  }
  if (*schedule_cmd) {
    schedule.config = config_path;
    if (*schedule_list) return schedule_list_command(schedule);
    if (*schedule_next) return schedule_next_command(schedule);
    if (*schedule_run) return schedule_run_now_command(schedule);
  }
  if (*outbox_cmd) {
    outbox.config = config_path;
    if (*outbox_list) return outbox_list_command(outbox);
    if (*outbox_retry) return outbox_retry_command(outbox);
    if (*outbox_drop) return outbox_drop_command(outbox);
  }
  return 2;
}

}  // namespace commonsbot::cli
