#include "cli/digest_command.hpp"

#include "app/runtime.hpp"
#include "config/config.hpp"
#include "config/digest.hpp"
#include "core/clock.hpp"
#include "digest/digest_fire.hpp"
#include "digest/profile_records.hpp"
#include "store/json_file_store.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace commonsbot::cli {
namespace {

constexpr const char* digest_cmd = "commonsbot digest run";

constexpr const char* run_help =
    "Sends each subscribed teacher the new resources that match their profile, now, as their\n"
    "scheduled digest would. Teachers with nothing new get nothing; nobody gets the same item twice,\n"
    "so running it again is safe. Offline: stop the server first.\n"
    "Examples:\n"
    "  commonsbot digest run --dry-run          who would get how many items (nothing is sent)\n"
    "  commonsbot digest run --tenant T0SCHOOL1  one school only";

std::unique_ptr<store::store> open_data(const std::string& dir) {
  return app::open_offline_store(dir, digest_cmd,
                            "  The server sends digests on each teacher's own day by itself. To send them all now,\n"
                            "  stop the server first, then run this again.\n",
                            std::cerr);
}

struct totals {
  std::size_t sent = 0, items = 0, empty = 0, skipped = 0;
};

}  // namespace

CLI::App* add_digest_command(CLI::App& app, std::string& config_path, digest_run_flags& flags) {
  auto* cmd = app.add_subcommand("digest", "Current-awareness digests for teachers: send them now.");
  cmd->require_subcommand(1);
  cmd->add_option("-c,--config", config_path, "Configuration file (default: $COMMONSBOT_CONFIG or config/commonsbot.json)");
  cmd->add_option("--data", flags.data_dir, "Data directory (default: store.dir from the config)");
  auto* run = cmd->add_subcommand("run", "Send every subscribed teacher their digest now (only what is new to them).");
  run->fallthrough();  // --config and --data may come after the action, as people type them
  run->add_option("--tenant", flags.tenant, "Only this school (tenant id)");
  run->add_flag("--dry-run", flags.dry_run, "Show who would get how many items; send and change nothing");
  run->add_option("--batch", flags.batch, "Digests saved per step (default: 200)")->check(CLI::Range(1, 100000));
  run->footer(run_help);
  return run;
}

int digest_run_command(const digest_run_flags& flags) {
  auto loaded = config::load_config(flags.config);
  if (!loaded.ok()) {
    app::print_problems(loaded.problems, std::cerr);
    std::cerr << digest_cmd << ": the digest needs the bot's words and catalogue from the config: fix it "
                       "(commonsbot check-config lists every problem), then run this again\n";
    return 2;
  }
  const auto& cfg = loaded.cfg;
  if (!flags.tenant.empty()) {
    bool known = false;
    for (const auto& t : cfg.tenants) known = known || t.id == flags.tenant;
    if (!known && flags.tenant != cfg.console_tenant) {
      std::cerr << digest_cmd << ": no school \"" << flags.tenant << "\" in " << cfg.file.string() << ". Schools:";
      for (const auto& t : cfg.tenants) std::cerr << " " << t.id;
      std::cerr << "\n";
      return 2;
    }
  }

  flows::flow_registry flows;
  collab::content content;
  collab::services services;
  flows::action_registry actions;
  catalogue::catalogue resources;
  digest::context ctx;
  ctx.services = &services;
  ctx.messages = &flows.messages();
  ctx.default_locale = cfg.locale;
  config::fill_digest_tenants(cfg, ctx);
  flows::problem_list problems;
  app::load_templates(cfg.templates_dir, cfg.locale, flows, content, actions, services, problems, &resources, nullptr, &ctx);
  if (app::print_problems(problems, std::cerr) > 0) {
    std::cerr << digest_cmd << ": the templates in " << cfg.templates_dir.string() << " have errors (listed above)\n";
    return 2;
  }

  auto db = open_data(flags.data_dir.empty() ? cfg.data_dir.string() : flags.data_dir);
  if (!db) return 1;
  catalogue::problem_list unreadable;
  resources.rebuild(*db, unreadable);

  core::system_clock clock;
  const long long now = core::to_epoch_ms(clock.now());
  const auto profiles = db->scan(digest::profiles_collection, flags.tenant.empty() ? "" : flags.tenant + "/");
  digest::store_view records(*db);
  digest::matcher_cache cache;
  totals t;
  store::transaction txn;
  std::size_t in_batch = 0;
  auto commit = [&]() -> bool {
    if (in_batch == 0) return true;
    if (const auto st = db->commit(std::move(txn)); !st) {
      std::cerr << digest_cmd << ": saving a batch failed: " << st.to_string()
                << "\n  The digests saved before it stand; run this again to send the rest.\n";
      return false;
    }
    txn = store::transaction{};
    in_batch = 0;
    std::cout << "saved " << t.sent << " digests so far" << std::endl;  // a progress line per batch
    return true;
  };

  for (const auto& [key, value] : profiles) {
    auto p = digest::read_profile(value);
    const auto slash = key.find('/');
    if (!p || slash == std::string::npos) {
      ++t.skipped;
      std::cerr << digest_cmd << ": skipped " << key << ": the profile cannot be read\n";
      continue;
    }
    p->tenant = key.substr(0, slash);  // the key decides, whatever the record says
    p->person = key.substr(slash + 1);
    const auto sent = digest::sent_for(records, *p);
    if (!sent) {  // sending again from nothing would repeat everything already sent
      ++t.skipped;
      std::cerr << digest_cmd << ": skipped " << key << ": its " << digest::sent_collection
                << " record cannot be read; fix or remove it, then run this again\n";
      continue;
    }
    const auto r = digest::deliver(ctx, records, *p, *sent, now, cache, now, txn, flags.dry_run);
    switch (r.what) {
      case digest::outcome::sent:
        ++t.sent;
        t.items += r.items;
        if (flags.dry_run) std::cout << key << ": " << r.items << " item" << (r.items == 1 ? "" : "s") << "\n";
        else if (++in_batch >= flags.batch && !commit()) return 1;
        break;
      case digest::outcome::empty:
        ++t.empty;
        break;
      case digest::outcome::skipped:
        ++t.skipped;
        break;
    }
  }
  if (!flags.dry_run && !commit()) return 1;
  const auto closed = db->close();
  std::cout << (flags.dry_run ? "would send " : "sent ") << t.sent << " digest" << (t.sent == 1 ? "" : "s") << " ("
            << t.items << " item" << (t.items == 1 ? "" : "s") << "); " << t.empty << " with nothing new; " << t.skipped
            << " skipped (not subscribed, or digests off)\n";
  if (!closed) {
    std::cerr << digest_cmd << ": closing the data directory failed: " << closed.to_string() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace commonsbot::cli
