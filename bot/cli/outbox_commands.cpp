#include "cli/outbox_commands.hpp"

#include "app/runtime.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "store/json_file_store.hpp"

#include <nlohmann/json.hpp>

#include <ctime>
#include <iostream>
#include <memory>

namespace commonsbot::cli {
namespace {

const std::string outbox_collection(core::collections::outbox);
const std::string dead_collection(delivery::dead_letters_collection);

std::unique_ptr<store::store> open_data(const outbox_flags& flags, const char* what) {
  std::string dir = flags.data_dir;
  if (dir.empty()) {
    auto loaded = config::load_config(flags.config);
    if (!loaded.ok()) {
      app::print_problems(loaded.problems, std::cerr);
      std::cerr << "commonsbot outbox " << what << ": fix the config, or name the folder with --data\n";
      return nullptr;
    }
    dir = loaded.cfg.data_dir.string();
  }
  return app::open_offline_store(dir, std::string("commonsbot outbox ") + what,
                            "  These commands work offline: stop the server first, then run this again.\n", std::cerr);
}

std::string iso_time(long long ms) {
  if (ms <= 0) return "-";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string where(const delivery::outbox_entry& e) {
  return e.platform + ":" + e.tenant + ":" + (e.to.conversation_id.empty() ? "dm:" + e.to.user_id : e.to.conversation_id);
}

int finish(store::store& db, store::transaction txn, const char* what, std::size_t changed) {
  const auto st = db.commit(std::move(txn));
  const auto closed = db.close();
  if (!st || !closed) {
    std::cerr << "commonsbot outbox " << what << ": " << (!st ? st : closed).to_string() << "\n";
    return 1;
  }
  std::cout << what << ": " << changed << " entr" << (changed == 1 ? "y" : "ies") << "\n";
  return 0;
}

}  // namespace

int outbox_list_command(const outbox_flags& flags) {
  auto db = open_data(flags, "list");
  if (!db) return 1;
  if (flags.dead) {
    const auto rows = db->scan(dead_collection);
    std::cout << rows.size() << " dead letter" << (rows.size() == 1 ? "" : "s") << "\n";
    for (const auto& [key, value] : rows) {
      const auto d = value.get<delivery::dead_letter>();
      std::cout << key << "  " << where(d.entry) << "  attempts=" << d.entry.attempts << "  dead=" << iso_time(d.dead_ms)
                << "  reason=\"" << d.reason << "\"\n";
    }
  } else {
    const auto rows = db->scan(outbox_collection);
    std::cout << rows.size() << " queued" << "\n";
    for (const auto& [key, value] : rows) {
      const auto e = value.get<delivery::outbox_entry>();
      std::cout << key << "  " << where(e) << "  attempts=" << e.attempts << "  next=" << iso_time(e.next_attempt_ms);
      if (!e.last_error.empty()) std::cout << "  last_error=\"" << e.last_error << "\"";
      std::cout << "\n";
    }
  }
  return db->close() ? 0 : 1;
}

int outbox_retry_command(const outbox_flags& flags) {
  if (flags.ids.empty() && !flags.all) {
    std::cerr << "commonsbot outbox retry: name entries (as 'outbox list' prints them) or use --all\n";
    return 2;
  }
  auto db = open_data(flags, "retry");
  if (!db) return 1;
  const long long now = core::to_epoch_ms(std::chrono::system_clock::now());
  store::transaction txn;
  std::size_t changed = 0;
  auto revive = [&](const std::string& key, const nlohmann::json& value) {
    auto e = value.get<delivery::dead_letter>().entry;
    e.attempts = 0;
    e.next_attempt_ms = now;
    txn.erase(dead_collection, key);
    txn.put(outbox_collection, key, e);
    ++changed;
  };
  if (flags.all) {
    for (const auto& [key, value] : db->scan(dead_collection)) revive(key, value);
  }
  for (const auto& key : flags.ids) {
    if (auto dead = db->get(dead_collection, key)) {
      revive(key, *dead);
    } else if (auto queued = db->get(outbox_collection, key)) {
      auto e = queued->get<delivery::outbox_entry>();
      e.next_attempt_ms = now;
      txn.put(outbox_collection, key, e);
      ++changed;
    } else {
      std::cerr << "commonsbot outbox retry: no entry " << key << " in the outbox or the dead letters\n";
      db->close();
      return 1;
    }
  }
  return finish(*db, std::move(txn), "retried", changed);
}

int outbox_drop_command(const outbox_flags& flags) {
  if (flags.ids.empty() && !(flags.all && flags.dead)) {
    std::cerr << "commonsbot outbox drop: name entries (as 'outbox list' prints them), or --dead --all\n";
    return 2;
  }
  auto db = open_data(flags, "drop");
  if (!db) return 1;
  store::transaction txn;
  std::size_t changed = 0;
  if (flags.all && flags.dead) {
    for (const auto& [key, value] : db->scan(dead_collection)) {
      txn.erase(dead_collection, key);
      ++changed;
    }
  }
  for (const auto& key : flags.ids) {
    const std::string* from = db->get(outbox_collection, key) ? &outbox_collection
                              : db->get(dead_collection, key)  ? &dead_collection
                                                               : nullptr;
    if (!from) {
      std::cerr << "commonsbot outbox drop: no entry " << key << " in the outbox or the dead letters\n";
      db->close();
      return 1;
    }
    txn.erase(*from, key);
    ++changed;
  }
  return finish(*db, std::move(txn), "dropped", changed);
}

}  // namespace commonsbot::cli
