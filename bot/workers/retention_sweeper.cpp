#include "workers/retention_sweeper.hpp"

#include "core/keys.hpp"
#include "log/log.hpp"

#include <algorithm>
#include <string>

namespace commonsbot::workers {
namespace {

std::optional<long long> stored_ms(const nlohmann::json& doc, const char* field) {
  if (!doc.is_object()) return std::nullopt;
  const auto it = doc.find(field);
  if (it == doc.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<long long>();
}

// Collects the round's changes and commits them `batch` at a time.
class batcher {
 public:
  batcher(store::store& db, const retention_options& opts, sweep_result& result) : db_(db), opts_(opts), result_(result) {}

  // False once the round may commit no more.
  bool room() const { return !result_.failed && result_.transactions < opts_.batches_per_round; }

  void erase(std::string_view collection, const std::string& key) {
    txn_.erase(std::string(collection), key);
    pending_erased_[collection == core::collections::dedupe ? 0 : 1]++;
    flush_if_full();
  }
  void put(std::string_view collection, const std::string& key, nlohmann::json value) {
    txn_.put(std::string(collection), key, std::move(value));
    ++pending_stamped_;
    flush_if_full();
  }
  void flush() {
    if (txn_.empty()) return;
    const auto st = db_.commit(std::move(txn_));
    txn_ = {};
    ++result_.transactions;
    if (!st) {
      result_.failed = true;
      log::error("retention.sweep_failed").kv("error", st.to_string());
    } else {
      result_.dedupe_erased += pending_erased_[0];
      result_.sessions_erased += pending_erased_[1];
      result_.stamped += pending_stamped_;
    }
    pending_erased_[0] = pending_erased_[1] = pending_stamped_ = 0;
  }

 private:
  void flush_if_full() {
    if (txn_.operations().size() >= std::max<std::size_t>(opts_.batch, 1)) flush();
  }
  store::store& db_;
  const retention_options& opts_;
  sweep_result& result_;
  store::transaction txn_;
  std::size_t pending_erased_[2] = {0, 0};
  std::size_t pending_stamped_ = 0;
};

}  // namespace

retention_sweeper::retention_sweeper(store::store& db, const core::clock& clock, retention_options opts)
    : db_(db), clock_(clock), opts_(opts) {}

sweep_result retention_sweeper::sweep() {
  const long long now = core::to_epoch_ms(clock_.now());
  sweep_result result;
  batcher out(db_, opts_, result);
  bool left_over = false;

  for (const auto& [key, doc] : db_.scan(core::collections::dedupe)) {
    if (!out.room()) {
      left_over = true;
      break;
    }
    const auto at = stored_ms(doc, "at_ms");
    if (!at) out.put(core::collections::dedupe, key, {{"at_ms", now}});
    else if (now - *at > opts_.dedupe_retention_ms) out.erase(core::collections::dedupe, key);
  }

  const long long session_limit = opts_.session_idle_ms + opts_.expired_session_grace_ms;
  for (const auto& [key, doc] : db_.scan(core::collections::sessions)) {
    if (!out.room()) {
      left_over = true;
      break;
    }
    // A record we cannot read is left for the pipeline, which reports it when its person writes.
    const auto updated = stored_ms(doc, "updated_ms");
    if (!updated || now - *updated <= session_limit) continue;
    // Read again just before erasing: an answer since the scan keeps the session. (The pipeline
    // could still write between this read and the commit; a session idle for a day being
    // answered within that instant loses only its fresh step.)
    const auto current = db_.get(core::collections::sessions, key);
    const auto again = current ? stored_ms(*current, "updated_ms") : std::nullopt;
    if (again && now - *again > session_limit) out.erase(core::collections::sessions, key);
  }
  if (out.room()) out.flush();
  else left_over = true;  // the last batch is committed next round
  result.more = left_over;

  if (result.dedupe_erased + result.sessions_erased > 0)
    log::info("retention.swept").kv("dedupe", result.dedupe_erased).kv("sessions", result.sessions_erased)
        .kv("stamped", result.stamped).kv("transactions", result.transactions).kv("more", result.more);
  else if (result.stamped > 0)
    log::debug("retention.stamped").kv("dedupe", result.stamped);
  return result;
}

std::optional<sweep_result> retention_sweeper::sweep_if_due() {
  const long long now = core::to_epoch_ms(clock_.now());
  if (!more_ && last_ms_ && now - *last_ms_ < opts_.every_ms && now >= *last_ms_) return std::nullopt;
  last_ms_ = now;
  auto r = sweep();
  more_ = r.more && !r.failed;
  return r;
}

}  // namespace commonsbot::workers
