#include "adapters/slack/token_refresher.hpp"

#include "log/log.hpp"

namespace commonsbot::adapters::slack {

token_refresher::token_refresher(platform_records& records, const core::clock& clock, adapters::slack::settings s,
                                             oauth_poster post, refresher_options opts)
    : records_(records), clock_(clock), settings_(std::move(s)), post_(std::move(post)), opts_(opts) {}

token_refresher::~token_refresher() { stop(); }

int token_refresher::step() {
  int stored = 0;
  for (auto inst : installations(records_).all()) {
    const long long now = core::to_epoch_ms(clock_.now());
    const std::string key = inst.key();
    const auto failed = failed_at_.find(key);
    if (!refresh_due(inst, now, opts_.ahead_ms, failed == failed_at_.end() ? 0 : failed->second, opts_.retry_ms))
      continue;
    auto answer = refresh_token(settings_, post_, inst.refresh_token);
    std::string error = answer.error;
    if (answer.ok && apply_refresh(inst, answer.body, core::to_epoch_ms(clock_.now()), error)) {
      // Uninstalled meanwhile: the new pair is not written back over the erase.
      if (!records_.get(std::string(installations_collection), key)) continue;
      record_changes changes;
      changes.put(std::string(installations_collection), key, inst);
      if (auto failed = records_.commit(std::move(changes)); failed.empty()) {
        failed_at_.erase(key);
        ++stored;
        log::info("slack.token_refreshed").kv("team", inst.team_id).kv("enterprise", inst.enterprise_id)
            .kv("expires_at_ms", inst.expires_at_ms);
        continue;
      } else {
        error = "store: " + failed;
      }
    }
    failed_at_[key] = now;
    log::warn("slack.token_refresh_failed")
        .kv("team", inst.team_id)
        .kv("enterprise", inst.enterprise_id)
        .kv("error", error)
        .kv("retry_in_ms", opts_.retry_ms);
  }
  return stored;
}

void token_refresher::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      step();
      lock.lock();
      wake_.wait_for(lock, opts_.idle, [this] { return stopping_; });
    }
  });
}

void token_refresher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace commonsbot::adapters::slack
