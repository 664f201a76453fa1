#include "delivery/worker.hpp"

#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace commonsbot::delivery {
namespace {

constexpr std::string_view idempotency_placeholder = "{idempotency_key}";
constexpr long long stop_poll_ms = 50;

std::string conversation_of(const outbox_entry& e) {
  const std::string where = e.to.conversation_id.empty() ? "dm:" + e.to.user_id : e.to.conversation_id;
  return e.platform + ":" + e.tenant + ":" + where;
}

std::string header_value(const http::header_list& headers, std::string_view name) {
  for (const auto& [n, v] : headers)
    if (n.size() == name.size() && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return v;
  return {};
}

// How long a 429 asks us to wait: Retry-After, else Matrix's older retry_after_ms body field.
std::optional<long long> retry_after_of(const attempt_result& r, long long now_ms) {
  if (auto v = parse_retry_after(header_value(r.headers, "Retry-After"), now_ms)) return v;
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_object() && j.contains("retry_after_ms") && j["retry_after_ms"].is_number_integer())
    return std::max(0LL, j["retry_after_ms"].get<long long>());
  return std::nullopt;
}

}  // namespace

struct worker::tracked {
  enum class state { queued, in_flight, settling };
  outbox_entry entry;
  std::string conversation;
  state st = state::queued;
};

struct worker::conversation {
  std::set<std::string> keys;  // queued entries, oldest first (ids are time-ordered)
  bool busy = false;           // one request on the wire
  bool scheduled = false;
  long long due_ms = 0;        // its slot in ready_ while scheduled
  long long backlog = 0;
  std::uint64_t seq = 0;
};

struct worker::control {
  std::mutex mutex;
  std::condition_variable cv;
  bool notified = false;
  bool stopping = false;
  int pending_commits = 0;
  std::vector<std::pair<std::string, bool>> settled;  // (outbox key, commit ok)
  curl_transport* transport = nullptr;
};

worker::worker(store::store& db, adapter_lookup adapters, const core::clock& clock, worker_options options)
    : db_(db),
      adapters_(std::move(adapters)),
      clock_(clock),
      options_(std::move(options)),
      transport_(options_.transport),
      limiter_(options_.limits),
      control_(std::make_shared<control>()),
      rng_(options_.seed ? options_.seed : std::random_device{}()) {
  control_->transport = &transport_;
}

worker::~worker() { stop(); }

void worker::set_classifier(const std::string& platform, classifier c) { classifiers_[platform] = std::move(c); }

const classifier& worker::classifier_for(const std::string& platform) const {
  auto it = classifiers_.find(platform);
  return it == classifiers_.end() ? default_classifier_ : it->second;
}

void worker::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void worker::stop() {
  {
    std::lock_guard lock(control_->mutex);
    control_->stopping = true;
  }
  transport_.wakeup();
  if (thread_.joinable()) thread_.join();
}

void worker::notify() {
  {
    std::lock_guard lock(control_->mutex);
    control_->notified = true;
  }
  transport_.wakeup();
}

void worker::schedule(const std::string& conv, long long at_ms) {
  auto& c = conversations_[conv];
  if (c.scheduled) ready_.erase({c.due_ms, c.backlog, c.seq, conv});
  c.scheduled = true;
  c.due_ms = at_ms;
  c.backlog = -static_cast<long long>(c.keys.size());
  c.seq = ++schedule_seq_;
  ready_.insert({at_ms, c.backlog, c.seq, conv});
}

void worker::scan(long long now_ms) {
  for (auto& [key, value] : db_.scan(core::collections::outbox)) {
    if (known_.contains(key)) continue;
    auto t = std::make_unique<tracked>();
    try {
      t->entry = value.get<outbox_entry>();
    } catch (const nlohmann::json::exception& e) {
      log::error("outbox.unreadable").kv("key", key).kv("error", e.what());
      continue;
    }
    t->conversation = conversation_of(t->entry);
    auto& c = conversations_[t->conversation];
    c.keys.insert(key);
    const std::string conv = t->conversation;
    const long long due = std::max(now_ms, known_.emplace(key, std::move(t)).first->second->entry.next_attempt_ms);
    if (!c.busy && (!c.scheduled || *c.keys.begin() == key)) schedule(conv, due);
  }
  std::uint64_t queued = 0;
  for (const auto& [k, t] : known_) queued += t->st != tracked::state::settling;
  stats_.queued = queued;
}

void worker::dispatch(long long now_ms) {
  while (static_cast<int>(in_flight_.size()) < options_.concurrency && !ready_.empty() && std::get<0>(*ready_.begin()) <= now_ms) {
    const std::string conv = std::get<3>(*ready_.begin());
    ready_.erase(ready_.begin());
    auto& c = conversations_[conv];
    c.scheduled = false;
    if (c.keys.empty()) {
      conversations_.erase(conv);
      continue;
    }
    const std::string key = *c.keys.begin();
    auto& t = *known_.at(key);
    auto& e = t.entry;
    if (e.next_attempt_ms > now_ms) {
      schedule(conv, e.next_attempt_ms);
      continue;
    }
    const adapters::adapter* a = adapters_(e.platform);
    if (!a) {
      attempt_result none;
      none.no_adapter = true;
      t.st = tracked::state::in_flight;
      c.busy = true;
      const auto token = next_token_++;
      in_flight_[token] = key;
      on_result(token, none, now_ms);  // dead-letters: nobody can render it
      continue;
    }
    auto requests = a->render(e.message, e.to);
    if (e.parts_done >= static_cast<int>(requests.size())) {
      // Everything rendered was already accepted (a restart after the last part).
      store::transaction txn;
      txn.erase(std::string(core::collections::outbox), key);
      ++stats_.sent;
      settle(key, std::move(txn));
      continue;
    }
    auto req = std::move(requests[static_cast<std::size_t>(e.parts_done)]);
    const std::string bucket = req.rate_bucket.empty() ? conv : req.rate_bucket;
    bucket_keys bk{e.platform, e.platform + ":" + e.tenant, bucket};
    if (auto wait = limiter_.try_acquire(e.platform, bk, now_ms)) {
      schedule(conv, *wait);
      continue;
    }
    if (req.idempotency_key.empty())
      req.idempotency_key = e.parts_done == 0 ? e.idempotency_key : e.idempotency_key + "." + std::to_string(e.parts_done);
    if (auto at = req.url.find(idempotency_placeholder); at != std::string::npos)
      req.url.replace(at, idempotency_placeholder.size(), req.idempotency_key);
    req.headers.emplace_back("Idempotency-Key", req.idempotency_key);
    const auto token = next_token_++;
    in_flight_[token] = key;
    t.st = tracked::state::in_flight;
    c.busy = true;
    ++stats_.in_flight;
    transport_.start(token, req);
  }
}

void worker::settle(const std::string& key, store::transaction txn) {
  auto& t = *known_.at(key);
  t.st = tracked::state::settling;
  auto& c = conversations_[t.conversation];
  c.keys.erase(key);
  c.busy = false;
  if (!c.keys.empty()) schedule(t.conversation, known_.at(*c.keys.begin())->entry.next_attempt_ms);
  if (stats_.queued > 0) --stats_.queued;
  auto ctl = control_;
  {
    std::lock_guard lock(ctl->mutex);
    ++ctl->pending_commits;
  }
  db_.commit_async(std::move(txn), [ctl, key](store::status st) {
    if (!st) log::error("outbox.commit_failed").kv("key", key).kv("error", st.to_string());
    std::lock_guard lock(ctl->mutex);
    ctl->settled.emplace_back(key, static_cast<bool>(st));
    --ctl->pending_commits;
    ctl->transport->wakeup();  // under the lock, so the worker cannot finish and free it first
  });
}

void worker::requeue(const std::string& key, store::transaction txn) {
  auto& t = *known_.at(key);
  t.st = tracked::state::queued;
  auto& c = conversations_[t.conversation];
  c.busy = false;
  schedule(t.conversation, known_.at(*c.keys.begin())->entry.next_attempt_ms);
  auto ctl = control_;
  {
    std::lock_guard lock(ctl->mutex);
    ++ctl->pending_commits;
  }
  // The store copy only matters after a restart; memory stays the truth while we run.
  db_.commit_async(std::move(txn), [ctl, key](store::status st) {
    if (!st) log::error("outbox.commit_failed").kv("key", key).kv("error", st.to_string());
    std::lock_guard lock(ctl->mutex);
    --ctl->pending_commits;
    ctl->transport->wakeup();
  });
}

void worker::on_result(std::uint64_t token, const attempt_result& r, long long now_ms) {
  auto node = in_flight_.extract(token);
  if (node.empty()) return;
  const std::string key = node.mapped();
  auto& t = *known_.at(key);
  auto& e = t.entry;
  const std::string outbox(core::collections::outbox);
  classification c = r.no_adapter ? classification{verdict::permanent, "no adapter enabled for platform " + e.platform}
                                  : classifier_for(e.platform)(r);
  store::transaction txn;

  if (c.v == verdict::delivered) {
    ++e.parts_done;
    const adapters::adapter* a = adapters_(e.platform);
    const std::size_t parts = a ? a->render(e.message, e.to).size() : 0;
    if (static_cast<std::size_t>(e.parts_done) < parts) {
      e.next_attempt_ms = now_ms;
      txn.put(outbox, key, e);
      requeue(key, std::move(txn));
      return;
    }
    txn.erase(outbox, key);
    ++stats_.sent;
    settle(key, std::move(txn));
    return;
  }

  ++e.attempts;
  e.last_error = c.reason;
  if (c.v == verdict::retry && e.attempts >= options_.retry.max_attempts) {
    c.v = verdict::permanent;
    c.reason = "gave up after " + std::to_string(e.attempts) + " attempts: " + c.reason;
  }
  if (c.v == verdict::permanent) {
    dead_letter d{e, c.reason, now_ms};
    txn.erase(outbox, key);
    txn.put(std::string(dead_letters_collection), key, d);
    ++stats_.failed;
    log::warn("outbox.dead_letter").kv("id", key).kv("platform", e.platform).kv("attempts", e.attempts).kv("reason", c.reason);
    settle(key, std::move(txn));
    return;
  }

  long long wait = backoff_ms(options_.retry, e.attempts, rng_);
  if (r.status == 429) {
    const long long after = retry_after_of(r, now_ms).value_or(0);
    wait = std::max(wait, after);
    const std::string bucket = conversation_of(e);
    limiter_.pause(e.platform, {e.platform, e.platform + ":" + e.tenant, bucket}, now_ms + wait);
  }
  e.next_attempt_ms = now_ms + wait;
  ++stats_.retried;
  log::info("outbox.retry").kv("id", key).kv("attempt", e.attempts).kv("reason", c.reason).kv("wait_ms", wait);
  txn.put(outbox, key, e);
  requeue(key, std::move(txn));
}

void worker::run() {
  long long next_scan = 0;
  for (;;) {
    bool rescan = false;
    bool stopping = false;
    std::vector<std::pair<std::string, bool>> settled;
    int pending = 0;
    {
      std::lock_guard lock(control_->mutex);
      rescan = std::exchange(control_->notified, false);
      stopping = control_->stopping;
      settled.swap(control_->settled);
      pending = control_->pending_commits;
    }
    for (const auto& [key, ok] : settled)
      if (ok) known_.erase(key);  // a failed commit keeps it known, so it is never sent twice
    if (stopping && in_flight_.empty() && pending == 0) break;

    long long now = core::to_epoch_ms(clock_.now());
    if (!stopping) {
      if (rescan || now >= next_scan) {
        scan(now);
        next_scan = now + options_.rescan_interval_ms;
      }
      dispatch(now);
    }

    long long wait = stopping ? stop_poll_ms : std::min(options_.max_wait_ms, next_scan - now);
    if (!stopping && !ready_.empty() && static_cast<int>(in_flight_.size()) < options_.concurrency)
      wait = std::min(wait, std::get<0>(*ready_.begin()) - now);
    transport_.poll(static_cast<int>(std::clamp(wait, 0LL, options_.max_wait_ms)));

    now = core::to_epoch_ms(clock_.now());
    for (auto& [token, result] : transport_.take_completed()) {
      if (stats_.in_flight > 0) --stats_.in_flight;
      on_result(token, result, now);
    }
  }
}

std::map<std::string, platform_limits> default_limits() {
  std::map<std::string, platform_limits> m;
  // Slack: chat.postMessage about 1 message/s per channel with short bursts, plus a
  // workspace-wide cap (unpublished; we stay well under it).
  m["slack"] = {{0, 1}, {5.0, 10}, {1.0, 3}, true};
  // Teams: per conversation 7/1 s, 8/2 s, 60/30 s, 1800/3600 s; per app per tenant 30 RPS
  // (people hit 429 above ~7 users/s on fan-outs, so 20).
  m["teams"] = {{0, 1}, {20.0, 20}, {0.5, 7}, false};
  // Matrix (Synapse default rc_message): 0.2 messages/s per sending user, burst 10.
  m["matrix"] = {{0, 1}, {0.2, 10}, {0, 1}, true};
  return m;
}

}  // namespace commonsbot::delivery
