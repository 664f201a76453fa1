#include "adapters/teams/key_refresher.hpp"

#include "log/log.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <utility>

namespace commonsbot::adapters::teams {
namespace {

// The fetch function is the caller's: whatever it throws is a failed refresh, not a dead thread.
fetch_answer fetch_guarded(const fetch_function& fetch, const std::string& url) {
  try {
    return fetch(url);
  } catch (const std::exception& e) {
    return {0, "", e.what()};
  } catch (...) {
    return {0, "", "the fetch failed"};
  }
}

// "" when the answer is a 200, else why not.
std::string answer_problem(const fetch_answer& answer, std::string_view what) {
  if (answer.status == 200) return "";
  if (answer.status == 0) return std::string(what) + ": " + (answer.error.empty() ? "no answer" : answer.error);
  return std::string(what) + ": HTTP " + std::to_string(answer.status);
}

}  // namespace

key_refresher::key_refresher(key_holder& keys, refresh_policy policy, fetch_function fetch, clock_function now_ms)
    : keys_(keys), policy_(std::move(policy)), fetch_(std::move(fetch)), now_ms_(std::move(now_ms)) {}

key_refresher::~key_refresher() { stop(); }

bool key_refresher::due(long long now, bool miss) const {
  if (!attempted_ || now >= next_scheduled_ms_) return true;
  return miss && now - last_attempt_ms_ >= policy_.miss_interval_ms;
}

refresh_outcome key_refresher::step() {
  std::lock_guard<std::mutex> one_step(step_mutex_);
  const long long now = now_ms_();
  bool miss = false;
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    // A kid miss inside the allowance is dropped, not deferred: the key it wanted, if real,
    // arrives with the next refresh anyway.
    miss = std::exchange(miss_requested_, false);
    if (!due(now, miss)) return refresh_outcome::idle;
    attempted_ = true;
    last_attempt_ms_ = now;
  }
  return refresh(now, miss);
}

refresh_outcome key_refresher::refresh(long long now, bool miss) {
  const char* reason = keys_.load() == nullptr ? "no_keys" : miss ? "unknown_kid" : "scheduled";
  std::shared_ptr<const key_set> fresh;
  std::size_t skipped = 0;
  const fetch_answer meta = fetch_guarded(fetch_, policy_.metadata_url);
  std::string problem = answer_problem(meta, "OpenID metadata");
  metadata_result metadata;
  if (problem.empty()) {
    metadata = parse_openid_metadata(meta.body, policy_.metadata_url);
    problem = metadata.error;
  }
  if (problem.empty()) {
    const fetch_answer jwks = fetch_guarded(fetch_, metadata.metadata->jwks_uri);
    problem = answer_problem(jwks, "JWKS");
    if (problem.empty()) {
      jwks_result parsed = parse_jwks(jwks.body, now);
      problem = parsed.error;
      fresh = std::move(parsed.keys);
      skipped = parsed.skipped;
    }
  }

  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    next_scheduled_ms_ = now + (fresh ? policy_.max_age_ms : policy_.retry_ms);
    last_error_ = problem;
  }
  // Logged outside the lock, which request threads take to ask for a refresh.
  if (!fresh) {
    const auto kept = keys_.load();
    log::warn("teams.keys.refresh_failed")
        .kv("reason", reason)
        .kv("error", problem)
        .kv("kept_keys", kept ? kept->size() : std::size_t{0});
    return refresh_outcome::failed;
  }
  log::info("teams.keys.refreshed").kv("reason", reason).kv("keys", fresh->size()).kv("skipped", skipped);
  keys_.replace(std::move(fresh));
  return refresh_outcome::refreshed;
}

void key_refresher::request_refresh() {
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    miss_requested_ = true;
  }
  wake_.notify_one();
}

std::string key_refresher::last_error() const {
  std::lock_guard<std::mutex> lock(state_mutex_);
  return last_error_;
}

void key_refresher::start() {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mutex_);
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void key_refresher::stop() {
  std::lock_guard<std::mutex> lifecycle(lifecycle_mutex_);
  {
    std::lock_guard<std::mutex> lock(state_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void key_refresher::run() {
  std::unique_lock<std::mutex> lock(state_mutex_);
  while (!stopping_) {
    lock.unlock();
    step();
    const long long now = now_ms_();
    lock.lock();
    // Sleep until the next refresh is due, a kid miss, or stop; never longer than poll_ms, as
    // the injected clock need not run at the pace of the real one.
    const long long wait_ms = std::clamp(next_scheduled_ms_ - now, 1LL, std::max(policy_.poll_ms, 1LL));
    wake_.wait_for(lock, std::chrono::milliseconds(wait_ms), [this] { return stopping_ || miss_requested_; });
  }
}

}  // namespace commonsbot::adapters::teams
