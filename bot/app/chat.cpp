#include "adapters/console/console_adapter.hpp"
#include "app/commands.hpp"
#include "app/runtime.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"
#include "delivery/outbox_entry.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <unistd.h>

namespace commonsbot::app {
namespace {

std::string user_id_for(const std::string& name) {
  std::string id;
  for (unsigned char c : core::to_lower_ascii(name)) id += std::isalnum(c) ? static_cast<char>(c) : '-';
  return id;
}

// Messages other people's actions sent this console user (a partner's tick, a booking
// answer) wait in the outbox; the console has no server to push them, so they are shown,
// and taken out, when the person next opens the chat. Returns false if that failed.
bool show_waiting_messages(store::store& db, const adapters::console_identity& who, std::ostream& out) {
  store::transaction txn;
  std::vector<std::string> texts;
  for (const auto& [key, value] : db.scan(core::collections::outbox, core::tenant_prefix(who.tenant))) {
    delivery::outbox_entry e;
    try {
      e = value.get<delivery::outbox_entry>();
    } catch (const nlohmann::json::exception&) {
      continue;  // not ours to judge here; `commonsbot outbox list` shows it
    }
    if (e.platform != "console" || e.to.user_id != who.user_id) continue;
    texts.push_back(adapters::console_adapter::render_text(e.message));
    txn.erase(std::string(core::collections::outbox), key);
  }
  if (texts.empty()) return true;
  if (auto st = db.commit(std::move(txn)); !st) {
    std::cerr << "commonsbot chat: could not read your waiting messages: " << st.to_string() << "\n";
    return false;
  }
  out << "While you were away (" << texts.size() << "):\n";
  for (const auto& t : texts) out << t << "\n";
  out << "\n";
  return true;
}

}  // namespace

int chat_command(const chat_flags& flags) {
  auto loaded = config::load_config(flags.config);
  if (!loaded.ok()) {
    print_problems(loaded.problems, std::cerr);
    return 2;
  }
  config::config cfg = loaded.cfg;
  if (flags.data_dir) cfg.data_dir = *flags.data_dir;
  // The conversation is on stdout; keep the logs out of it unless asked for.
  log::level level = log::level::warn;
  log::parse_level(cfg.log_level, level);
  log::set_level(level == log::level::debug ? level : std::max(level, log::level::warn));

  std::optional<core::role> role;
  if (!flags.role.empty()) {
    role = core::parse_role(flags.role);
    if (!role) {
      std::cerr << "commonsbot chat: unknown role \"" << flags.role << "\" (teacher, library_staff, leader, admin)\n";
      return 2;
    }
  }
  const std::string user_id = user_id_for(flags.name);
  if (user_id.empty()) {
    std::cerr << "commonsbot chat: --as needs a name\n";
    return 2;
  }

  auto rt = open_runtime(cfg, std::cerr);
  if (!rt) return 1;

  adapters::console_identity who{cfg.console_tenant, user_id, flags.name};
  adapters::console_adapter console(who);

  if (role) {
    // Whoever runs the console runs the machine, so --role sets the role directly.
    core::person p;
    const std::string key = core::tenant_key(who.tenant, "console:" + user_id);
    if (auto stored = rt->db->get(core::collections::people, key)) p = stored->get<core::person>();
    p.tenant = who.tenant;
    p.platform = "console";
    p.user_id = user_id;
    p.display_name = flags.name;
    p.role = *role;
    store::transaction txn;
    txn.put(std::string(core::collections::people), key, p);
    if (auto st = rt->db->commit(std::move(txn)); !st) {
      std::cerr << "commonsbot chat: could not save your role: " << st.to_string() << "\n";
      return 1;
    }
  }

  if (!show_waiting_messages(*rt->db, who, std::cout)) return 1;

  const bool interactive = ::isatty(STDIN_FILENO);
  if (interactive)
    std::cout << "Commons Bot console. You're " << flags.name << ". Try /library help; type quit to leave.\n";
  const int failures = console.run(std::cin, std::cout, *rt->events, !interactive);
  if (auto st = rt->db->close(); !st) {
    std::cerr << "commonsbot chat: closing the store failed: " << st.to_string() << "\n";
    return 1;
  }
  return failures == 0 ? 0 : 1;
}

}  // namespace commonsbot::app
