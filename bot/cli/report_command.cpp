#include "cli/report_command.hpp"

#include "adapters/console/console_adapter.hpp"
#include "app/runtime.hpp"
#include "collab/report.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "store/recovery.hpp"

#include <chrono>
#include <iostream>
#include <thread>

namespace commonsbot::cli {
namespace {

// The records as one consistent read of the data directory: the newest snapshot plus the
// journal up to its last complete line.
class state_view final : public flows::record_view {
 public:
  explicit state_view(const store::mem_state& state) : state_(state) {}

  std::optional<nlohmann::json> get(std::string_view collection, std::string_view key) const override {
    const auto* docs = documents(collection);
    if (!docs) return std::nullopt;
    auto it = docs->find(key);
    if (it == docs->end()) return std::nullopt;
    auto j = nlohmann::json::parse(it->second, nullptr, false);
    return j.is_discarded() ? std::nullopt : std::optional<nlohmann::json>(std::move(j));
  }

  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view collection,
                                                           std::string_view prefix) const override {
    std::vector<std::pair<std::string, nlohmann::json>> out;
    const auto* docs = documents(collection);
    if (!docs) return out;
    for (auto it = docs->lower_bound(prefix); it != docs->end() && it->first.starts_with(prefix); ++it) {
      auto j = nlohmann::json::parse(it->second, nullptr, false);
      if (!j.is_discarded()) out.emplace_back(it->first, std::move(j));
    }
    return out;
  }

 private:
  const store::mem_state::documents* documents(std::string_view collection) const {
    auto it = state_.base().find(collection);
    return it == state_.base().end() ? nullptr : &it->second;
  }
  const store::mem_state& state_;
};

// Reads `dir` without its lock. A running server may remove files between our listing and
// our reading them (after a snapshot); then we simply look again.
store::status read_state(const std::string& dir, store::mem_state& state) {
  store::env& e = store::default_env();
  if (!e.is_directory(dir)) return store::status::error(store::status_code::not_found, dir + ": no such directory");
  store::dir_contents c;
  store::status st;
  for (int attempt = 0; attempt < 20; ++attempt) {
    state = store::mem_state{};
    c = store::dir_contents{};
    st = store::load_dir(e, dir, {}, &state, c);
    if (st.code() != store::status_code::not_found) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
  }
  if (!st) return st;
  if (const store::problem* p = c.first_fatal())
    return store::status::error(store::status_code::corruption,
                                dir + "/" + p->to_string() + " (run commonsbot store verify)");
  return store::status::ok();
}

bool pick_period(const report_flags& flags, collab::period& out) {
  if (!flags.from.empty() || !flags.to.empty()) {
    const auto from = collab::parse_date(flags.from), to = collab::parse_date(flags.to);
    if (!from || !to) {
      std::cerr << "commonsbot report: --from and --to need dates like 2025-02-03 (both of them)\n";
      return false;
    }
    if (*to < *from) {
      std::cerr << "commonsbot report: --from " << *from << " comes after --to " << *to << "\n";
      return false;
    }
    out = {*from, *to, 0, 0};
    return true;
  }
  const std::string today = collab::nz_date(core::to_epoch_ms(core::system_clock().now()));
  const int this_year = std::stoi(today.substr(0, 4));
  if (flags.term != 0) {
    out = collab::school_term(flags.year != 0 ? flags.year : this_year, flags.term);
    return true;
  }
  if (flags.year != 0) {
    const std::string y = std::to_string(flags.year);
    out = {y + "-01-01", y + "-12-31", 0, flags.year};
    return true;
  }
  out = collab::term_of(today);
  return true;
}

bool pick_tenant(const report_flags& flags, const config::config& cfg, std::string& tenant) {
  if (!flags.tenant.empty()) {
    tenant = flags.tenant;
    return true;
  }
  if (cfg.tenants.size() == 1) {
    tenant = cfg.tenants.front().id;
    return true;
  }
  if (cfg.tenants.empty()) {
    tenant = cfg.console_tenant;
    return true;
  }
  std::cerr << "commonsbot report: this config serves " << cfg.tenants.size() << " schools; choose one with --tenant:";
  for (const auto& t : cfg.tenants) std::cerr << " " << t.id;
  std::cerr << "\n";
  return false;
}

}  // namespace

int report_command(const report_flags& flags) {
  if (flags.format != "json" && flags.format != "csv" && flags.format != "text") {
    std::cerr << "commonsbot report: --format must be json, csv or text\n";
    return 2;
  }
  auto loaded = config::load_config(flags.config);
  if (!loaded.ok()) {
    app::print_problems(loaded.problems, std::cerr);
    std::cerr << "commonsbot report: fix the config first (commonsbot check-config)\n";
    return 2;
  }
  const config::config& cfg = loaded.cfg;
  collab::period when;
  std::string tenant;
  if (!pick_period(flags, when) || !pick_tenant(flags, cfg, tenant)) return 2;

  // The templates give levels and models their names; a report with ids beats none, so
  // template problems are warnings here.
  flows::flow_registry flows;
  collab::content content;
  collab::services services;
  flows::action_registry actions;
  flows::problem_list problems;
  app::load_templates(cfg.templates_dir, cfg.locale, flows, content, actions, services, problems);
  if (flows::has_errors(problems))
    std::cerr << "commonsbot report: warning: the templates have errors (commonsbot check-config lists them); "
                 "some names may show as ids\n";

  const std::string dir = flags.data_dir.empty() ? cfg.data_dir.string() : flags.data_dir;
  store::mem_state state;
  if (auto st = read_state(dir, state); !st) {
    std::cerr << "commonsbot report: cannot read " << dir << ": " << st.to_string() << "\n";
    return 1;
  }
  const state_view records(state);
  const auto rep = collab::build_report(collab::gather_report(records, tenant, when), &content, flows.messages(), cfg.locale);
  if (flags.format == "json") std::cout << collab::to_json(rep).dump(2) << "\n";
  else if (flags.format == "csv") std::cout << collab::to_csv(rep);
  else std::cout << adapters::console_adapter::render_text(collab::to_message(rep, flows.messages(), cfg.locale)) << "\n";
  return std::cout.good() ? 0 : 1;
}

}  // namespace commonsbot::cli
