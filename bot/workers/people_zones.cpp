#include "workers/people_zones.hpp"

#include "core/json_fields.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "log/log.hpp"
#include "pipeline/zone_actions.hpp"

#include <nlohmann/json.hpp>

#include <future>
#include <memory>

namespace commonsbot::workers {
namespace {

constexpr long long minute_ms = 60'000;

}  // namespace


people_zones::people_zones(const store::store& db, core::event_sink& events, const core::clock& clock,
                           std::vector<zone_source> sources, people_zones_options opts)
    : db_(db), events_(events), clock_(clock), sources_(std::move(sources)), opts_(opts) {}

people_zones::~people_zones() { stop(); }

void people_zones::rescan(long long now_ms) {
  scanned_ = true;
  scanned_at_ = now_ms;
  std::erase_if(asked_at_, [&](const auto& a) { return now_ms - a.second >= opts_.retry_after_ms; });
  for (const auto& [key, value] : db_.scan(core::collections::people)) {
    if (queue_.size() >= opts_.max_queue) break;
    if (!value.is_object() || !core::string_field(value, "time_zone").empty() || core::string_field(value, "user_id").empty()) continue;
    if (asked_at_.contains(key)) continue;
    const std::string platform = core::string_field(value, "platform");
    for (const auto& s : sources_)
      if (s.platform == platform) queue_.push_back({key, &s});
  }
  if (!queue_.empty()) log::debug("people.zones_queued").kv("people", queue_.size());
}

bool people_zones::step() {
  const long long now = core::to_epoch_ms(clock_.now());
  if (now - window_at_ >= minute_ms || now < window_at_) {
    window_at_ = now;
    used_ = 0;
  }
  if (used_ >= opts_.per_minute) return false;
  if (queue_.empty() && (!scanned_ || now - scanned_at_ >= opts_.rescan_every_ms || now < scanned_at_)) rescan(now);
  while (!queue_.empty()) {
    const queued next = queue_.front();
    queue_.pop_front();
    // Read again: the person may have set a zone since the scan.
    const auto person = db_.get(core::collections::people, next.key);
    if (!person || !person->is_object() || !core::string_field(*person, "time_zone").empty()) continue;
    asked_at_[next.key] = now;
    ++used_;
    const std::string tenant = core::string_field(*person, "tenant");
    const std::string user = core::string_field(*person, "user_id");
    const auto answer = next.source->ask(tenant, user);
    switch (answer.what) {
      case zone_answer::kind::found: apply(*person, answer.time_zone); break;
      case zone_answer::kind::none:
        log::debug("people.zone_none").kv("tenant", tenant).kv("person", next.key).kv("why", answer.detail);
        break;
      case zone_answer::kind::rate_limited:
        used_ = opts_.per_minute;  // the rest of this minute off
        log::warn("people.zone_rate_limited").kv("platform", next.source->platform).kv("tenant", tenant);
        break;
      case zone_answer::kind::failed:
        log::warn("people.zone_lookup_failed").kv("platform", next.source->platform).kv("tenant", tenant)
            .kv("error", answer.detail);
        break;
    }
    return true;
  }
  return false;
}

void people_zones::apply(const nlohmann::json& stored, const std::string& zone) {
  core::person p;
  try {
    p = stored.get<core::person>();
  } catch (const nlohmann::json::exception&) {
    return;  // unreadable: the pipeline would refuse it too
  }
  core::event ev;
  ev.platform = p.platform;
  ev.tenant = p.tenant;
  ev.user_id = p.user_id;
  ev.conversation_id = p.direct.conversation_id;
  ev.kind = core::event_kind::lifecycle;
  ev.text = pipeline::time_zone_found_event;
  ev.fields["time_zone"] = zone;
  // The person's own DM ref, so the pipeline sees nothing else about them change.
  ev.reply = p.direct;
  ev.inline_replies = 0;
  ev.received_at = clock_.now();
  // Waited for here, on the worker, so stop() leaves no event of ours in flight.
  auto done = std::make_shared<std::promise<core::outcome>>();
  auto result = done->get_future();
  events_.submit(std::move(ev), [done](core::outcome o) { done->set_value(std::move(o)); });
  if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    log::warn("people.zone_apply_slow").kv("tenant", p.tenant).kv("person", p.key());
    return;
  }
  const auto o = result.get();
  if (o.result != core::outcome::status::done)
    log::warn("people.zone_apply_failed").kv("tenant", p.tenant).kv("person", p.key()).kv("detail", o.detail);
}

void people_zones::start() {
  if (thread_.joinable() || sources_.empty()) return;
  // The first scan here, before serve takes requests: who lacks a zone at start is asked
  // first, and the next scan comes a minute later (no network on this thread).
  rescan(core::to_epoch_ms(clock_.now()));
  thread_ = std::thread([this] {
    for (;;) {
      step();
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, opts_.idle, [this] { return stopping_; })) return;
    }
  });
}

void people_zones::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace commonsbot::workers
