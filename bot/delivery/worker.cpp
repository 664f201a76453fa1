#include "delivery/worker.hpp"

#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <vector>

namespace commonsbot::delivery {
namespace {

constexpr std::string_view idempotency_placeholder = "{idempotency_key}";
constexpr long long stop_poll_ms = 50;
constexpr long long look_patience_ms = 1'000;  // see worker::look

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
  // Rendered when first due and kept while its parts go out one by one; dropped after a
  // failure, so a retry is rendered again with the token as it is then (a refresh may have
  // rotated it meanwhile). The idempotency key is the entry's, so it does not change.
  std::optional<std::vector<adapters::outbound_request>> parts;
  std::vector<std::string> remembered_used;  // remembered answers its parts were skipped for
  std::string bucket;  // the conversation-level bucket of the request on the wire
  // Failures other than 429 since this process took the entry: the backoff's exponent. A
  // 429 brings its own wait and says nothing about the platform failing, so it must not
  // stretch the backoff of a later 5xx (after four 429s a 5xx waited 16 base periods).
  int errors = 0;
};

struct worker::control {
  std::mutex mutex;
  std::condition_variable cv;
  bool notified = false;
  bool stopping = false;
  int pending_commits = 0;
  std::vector<std::string> offered;                   // keys from notify(keys)
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
      scheduler_(limiter_),
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

void worker::notify(std::vector<std::string> keys) {
  {
    std::lock_guard lock(control_->mutex);
    auto& offered = control_->offered;
    offered.insert(offered.end(), std::make_move_iterator(keys.begin()), std::make_move_iterator(keys.end()));
  }
  transport_.wakeup();
}

void worker::take(const std::string& key, const nlohmann::json& value) {
  if (known_.contains(key) || unreadable_.contains(key)) return;
  auto t = std::make_unique<tracked>();
  try {
    t->entry = value.get<outbox_entry>();
  } catch (const nlohmann::json::exception& e) {
    log::error("outbox.unreadable").kv("key", key).kv("error", e.what());
    unreadable_.insert(key);
    return;
  }
  t->conversation = conversation_of(t->entry);
  const auto& e = t->entry;
  scheduler_.add(key, t->conversation, e.platform, e.platform + ":" + e.tenant, e.next_attempt_ms);
  known_.emplace(key, std::move(t));
  ++stats_.queued;
}

void worker::scan() {
  seen_sequence_ = db_.last_sequence();  // before reading: a commit during the scan is seen next time
  // Keys first: under a backlog the outbox holds tens of thousands of entries the worker
  // already tracks, and reading them all again would cost far more than the new ones.
  for (const auto& key : db_.keys(core::collections::outbox))
    if (!known_.contains(key) && !unreadable_.contains(key))
      if (auto value = db_.get(core::collections::outbox, key)) take(key, *value);
}

bool worker::look(long long now_ms, long long wanted_since_ms) {
  const auto seq = db_.last_sequence();
  if (seq == seen_sequence_) return true;  // nothing committed since the last read
  if (unsettled_ == 0) {
    // With none of our erases in flight the outbox holds exactly what we know, plus anything
    // new: equal counts mean nothing new, without parsing every entry.
    if (db_.count(core::collections::outbox) == known_.size() + unreadable_.size()) seen_sequence_ = seq;
    else scan();
    return true;
  }
  // Our erases in flight make the count ambiguous. While sending they usually clear within
  // a pass or two, so wait for that rather than parse the whole outbox (tens of ms for
  // 10,000 entries, every token lost meanwhile); read it all only if they never do.
  if (now_ms - wanted_since_ms < look_patience_ms) return false;
  scan();
  return true;
}

std::optional<bucket_keys> worker::buckets_for(const std::string& key) {
  auto& t = *known_.at(key);
  auto& e = t.entry;
  const adapters::adapter* a = adapters_(e.platform);
  if (!a) return std::nullopt;
  if (!t.parts) t.parts = a->render(e.message, e.to);
  // Parts whose answer is remembered (a DM channel opened earlier) are not asked again;
  // parts_done is stored with the entry's next progress, if any, else they are simply asked.
  e.parts_done = remembered_.skip(*t.parts, e.parts_done, e.captured, t.remembered_used);
  if (e.parts_done >= static_cast<int>(t.parts->size())) return std::nullopt;
  const auto& req = (*t.parts)[static_cast<std::size_t>(e.parts_done)];
  // A bucket may name a captured value (a DM's channel); a missing one fails at dispatch.
  const std::string bucket = fill_captures(req.rate_bucket, e.captured).value_or(req.rate_bucket);
  return bucket_keys{e.platform, e.platform + ":" + e.tenant, bucket.empty() ? t.conversation : bucket};
}

void worker::dispatch(long long now_ms) {
  const auto lookup = [this](const std::string& key) { return buckets_for(key); };
  while (static_cast<int>(in_flight_.size()) < options_.concurrency) {
    auto p = scheduler_.next(now_ms, lookup);
    if (!p) break;
    auto& t = *known_.at(p->key);
    auto& e = t.entry;
    const auto token = next_token_++;
    in_flight_[token] = p->key;
    t.st = tracked::state::in_flight;
    if (!p->buckets) {
      if (!t.parts) {
        attempt_result none;
        none.no_adapter = true;
        on_result(token, none, now_ms);  // dead-letters: nobody can render it
        continue;
      }
      // Everything rendered was already accepted (a restart after the last part).
      in_flight_.erase(token);
      store::transaction txn;
      txn.erase(std::string(core::collections::outbox), p->key);
      ++stats_.sent;
      settle(p->key, std::move(txn));
      continue;
    }
    t.bucket = p->buckets->conversation;
    auto req = (*t.parts)[static_cast<std::size_t>(e.parts_done)];
    if (std::string missing; !fill_captures(req, e.captured, missing)) {
      attempt_result unusable;  // an adapter's mistake: it would go somewhere undefined
      unusable.refused = true;
      unusable.transport_error = "part " + std::to_string(e.parts_done) + " needs \"" + missing +
                                 "\", which no earlier part captured";
      on_result(token, unusable, now_ms);
      continue;
    }
    if (!req.unsendable.empty()) {
      attempt_result unusable;  // fails closed: nothing goes out without its credentials
      unusable.refused = true;
      unusable.transport_error = req.unsendable;
      on_result(token, unusable, now_ms);
      continue;
    }
    if (req.idempotency_key.empty())
      req.idempotency_key = e.parts_done == 0 ? e.idempotency_key : e.idempotency_key + "." + std::to_string(e.parts_done);
    if (auto at = req.url.find(idempotency_placeholder); at != std::string::npos)
      req.url.replace(at, idempotency_placeholder.size(), req.idempotency_key);
    req.headers.emplace_back("Idempotency-Key", req.idempotency_key);
    ++stats_.in_flight;
    transport_.start(token, req);
  }
}

void worker::settle(const std::string& key, store::transaction txn) {
  auto& t = *known_.at(key);
  t.st = tracked::state::settling;
  t.parts.reset();
  scheduler_.finish(t.conversation, key, std::nullopt);
  ++unsettled_;
  if (stats_.queued > 0) --stats_.queued;
  commit(key, std::move(txn), true);
}

void worker::requeue(const std::string& key, store::transaction txn) {
  auto& t = *known_.at(key);
  t.st = tracked::state::queued;
  scheduler_.finish(t.conversation, key, t.entry.next_attempt_ms);
  // The store copy only matters after a restart; memory stays the truth while we run.
  commit(key, std::move(txn), false);
}

void worker::commit(const std::string& key, store::transaction txn, bool settles) {
  auto ctl = control_;
  {
    std::lock_guard lock(ctl->mutex);
    ++ctl->pending_commits;
  }
  db_.commit_async(std::move(txn), [ctl, key, settles](store::status st) {
    if (!st) log::error("outbox.commit_failed").kv("key", key).kv("error", st.to_string());
    std::lock_guard lock(ctl->mutex);
    if (settles) ctl->settled.emplace_back(key, static_cast<bool>(st));
    --ctl->pending_commits;
    ctl->transport->wakeup();  // under the lock, so the worker cannot finish and free it first
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

  if (c.v == verdict::delivered && t.parts && static_cast<std::size_t>(e.parts_done) < t.parts->size()) {
    const auto& part = (*t.parts)[static_cast<std::size_t>(e.parts_done)];
    if (auto unusable = keep_capture(part, r.body, e.captured, remembered_))
      c = {verdict::permanent, *unusable};
    else if (!part.remember_as.empty() && e.captured.contains(part.capture_as))
      txn.put(std::string(remembered_answers_collection), part.remember_as,
              nlohmann::json{{"value", e.captured[part.capture_as]}});
  }

  if (c.v == verdict::delivered) {
    ++e.parts_done;
    if (t.parts && static_cast<std::size_t>(e.parts_done) < t.parts->size()) {
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
    // A remembered answer may be what went wrong (a DM channel gone): the next one asks again.
    for (const auto& k : t.remembered_used) {
      remembered_.forget(k);
      txn.erase(std::string(remembered_answers_collection), k);
    }
    dead_letter d{e, c.reason, now_ms};
    txn.erase(outbox, key);
    txn.put(std::string(dead_letters_collection), key, d);
    ++stats_.failed;
    log::warn("outbox.dead_letter").kv("id", key).kv("platform", e.platform).kv("attempts", e.attempts).kv("reason", c.reason);
    settle(key, std::move(txn));
    return;
  }

  long long wait = 0;
  if (r.status == 429) {
    // The platform says when its window reopens: wait exactly that. Our backoff on top would
    // only leave budget unused; the buckets still pace the crowd that comes back together.
    const long long after = retry_after_of(r, now_ms).value_or(0);
    wait = after > 0 ? after : backoff_ms(options_.retry, e.attempts, rng_);
    limiter_.pause(e.platform, {e.platform, e.platform + ":" + e.tenant, t.bucket.empty() ? t.conversation : t.bucket},
                   now_ms + wait);
  } else {
    wait = backoff_ms(options_.retry, ++t.errors, rng_);
  }
  e.next_attempt_ms = now_ms + wait;
  t.parts.reset();  // rendered again when due: see tracked::parts
  ++stats_.retried;
  log::info("outbox.retry").kv("id", key).kv("attempt", e.attempts).kv("reason", c.reason).kv("wait_ms", wait);
  txn.put(outbox, key, e);
  requeue(key, std::move(txn));
}

void worker::run() {
  for (const auto& [key, value] : db_.scan(remembered_answers_collection))
    if (value.is_object() && value.contains("value") && value["value"].is_string())
      remembered_.remember(key, value["value"].get<std::string>());
  scan();  // the one full read: everything committed before we started
  long long next_look = core::to_epoch_ms(clock_.now()) + options_.rescan_interval_ms;
  bool look_wanted = false;  // at the next rescan or a bare notify(), until done
  long long look_since = 0;
  for (;;) {
    bool notified = false;
    bool stopping = false;
    std::vector<std::string> offered;
    std::vector<std::pair<std::string, bool>> settled;
    int pending = 0;
    {
      std::lock_guard lock(control_->mutex);
      notified = std::exchange(control_->notified, false);
      stopping = control_->stopping;
      offered.swap(control_->offered);
      settled.swap(control_->settled);
      pending = control_->pending_commits;
    }
    for (const auto& [key, ok] : settled) {
      --unsettled_;
      if (!ok) continue;  // a failed commit keeps it known (and settling), so it is never sent twice
      known_.erase(key);
    }
    if (stopping && in_flight_.empty() && pending == 0) break;

    long long now = core::to_epoch_ms(clock_.now());
    if (!stopping) {
      // Read back rather than trusted: by now the entry may already have been delivered
      // (found by a rescan) and erased, and must not come back.
      for (const auto& key : offered)
        if (!known_.contains(key))
          if (auto value = db_.get(core::collections::outbox, key)) take(key, *value);
      if ((notified || now >= next_look) && !look_wanted) {
        look_wanted = true;
        look_since = now;
      }
      if (look_wanted && look(now, look_since)) {
        look_wanted = false;
        limiter_.prune(now);
        next_look = now + options_.rescan_interval_ms;
      }
      dispatch(now);
    }

    // A deferred look waits for our commits to settle, and each one's callback wakes us.
    long long until = stopping ? now + stop_poll_ms : now + options_.max_wait_ms;
    if (!stopping && !look_wanted) until = std::min(until, next_look);
    if (!stopping && static_cast<int>(in_flight_.size()) < options_.concurrency)
      if (auto at = scheduler_.next_wake(now)) until = std::min(until, *at);
    // poll() counts whole milliseconds from a moment somewhere inside the current one, so
    // it would wake up to a millisecond after a token appears; with a burst of one that
    // time is lost for good (about 4% at 500/s). Poll until just before, then sleep the
    // fraction.
    const long long left_us =
        until * 1000 - std::chrono::duration_cast<std::chrono::microseconds>(clock_.now().time_since_epoch()).count();
    if (left_us > 0 && left_us < 1000) {
      std::this_thread::sleep_for(std::chrono::microseconds(left_us));
      transport_.poll(0);
    } else {
      transport_.poll(static_cast<int>(std::clamp(left_us / 1000, 0LL, options_.max_wait_ms)));
    }

    now = core::to_epoch_ms(clock_.now());
    for (auto& [token, result] : transport_.take_completed()) {
      if (stats_.in_flight > 0) --stats_.in_flight;
      on_result(token, result, now);
    }
  }
}

}  // namespace commonsbot::delivery
