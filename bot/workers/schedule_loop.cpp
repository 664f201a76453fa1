#include "workers/schedule_loop.hpp"

#include "core/keys.hpp"
#include "digest/digest_jobs.hpp"
#include "log/log.hpp"
#include "meetings/jobs.hpp"

#include <algorithm>

namespace commonsbot::workers {
namespace {

schedule::scheduler_options scheduler_options_for(const schedule_loop_options& opts) {
  schedule::scheduler_options s;
  s.lateness = opts.lateness;
  if (opts.outbox_notify) {
    // Each fire batch's outbox entries go to the worker at once, not at its next rescan.
    s.committed = [notify = opts.outbox_notify](const store::transaction& txn) {
      std::vector<std::string> keys;
      for (const auto& op : txn.operations())
        if (op.op == store::operation::kind::put && op.collection == core::collections::outbox) keys.push_back(op.key);
      if (!keys.empty()) notify(std::move(keys));
    };
  }
  return s;
}

}  // namespace

schedule_loop::schedule_loop(store::store& db, const core::clock& clock, schedule::fire_handler handler,
                             schedule_loop_options opts)
    : db_(db),
      clock_(clock),
      opts_(std::move(opts)),
      scheduler_(db, clock, std::move(handler), scheduler_options_for(opts_)),
      feeds_(db, opts_.fetch) {}

schedule_loop::~schedule_loop() { stop(); }

const tenant_schedule* schedule_loop::find_tenant(const std::string& id) const {
  const auto it = std::find_if(opts_.tenants.begin(), opts_.tenants.end(), [&](const auto& t) { return t.id == id; });
  return it == opts_.tenants.end() ? nullptr : &*it;
}

void schedule_loop::prepare() {
  for (const auto& t : opts_.tenants) {
    auto txn = sync_config_meetings(db_, t);
    if (txn.empty()) continue;
    const auto n = txn.operations().size();
    if (const auto st = db_.commit(std::move(txn)); !st)
      log::error("schedule.config_meetings_failed").kv("tenant", t.id).kv("error", st.to_string());
    else
      log::info("schedule.config_meetings").kv("tenant", t.id).kv("changes", n);
  }
  scheduler_.load();  // problems are logged by load()
  // The jobs as stored fire first: a fire missed while we were down (within the lateness)
  // goes once now, before a re-derivation could re-plan its job from the present.
  tick();
  for (const auto& t : opts_.tenants) derive(t.id);
  derived_all_at_ = std::chrono::steady_clock::now();
}

void schedule_loop::derive(const std::string& tenant) {
  const auto* t = find_tenant(tenant);
  if (!t) {
    log::warn("schedule.unknown_tenant").kv("tenant", tenant);
    return;
  }
  const long long now = core::to_epoch_ms(clock_.now());
  const auto d = derive_jobs(db_, *t, now);
  for (const auto& p : d.problems) log::warn("schedule.record_skipped").kv("tenant", tenant).kv("problem", p);
  auto changes = meetings::diff(scheduler_.jobs(), d.wanted, tenant);
  // Digest jobs come from the tenant's interest profiles (digest/digest_jobs.hpp).
  const auto dj = digest::derive_jobs(db_, tenant, t->time_zone, now);
  for (const auto& p : dj.problems) log::warn("schedule.record_skipped").kv("tenant", tenant).kv("problem", p);
  auto digest_changes = digest::diff(scheduler_.jobs(), dj.wanted, tenant);
  changes.put.insert(changes.put.end(), digest_changes.put.begin(), digest_changes.put.end());
  changes.remove.insert(changes.remove.end(), digest_changes.remove.begin(), digest_changes.remove.end());
  std::size_t put = 0, removed = 0;
  for (const auto& j : changes.put) {
    if (const auto st = scheduler_.put(j); !st)
      log::error("schedule.put_failed").kv("job", j.key()).kv("error", st.to_string());
    else
      ++put;
  }
  for (const auto& key : changes.remove) {
    if (const auto st = scheduler_.remove(key); !st)
      log::error("schedule.remove_failed").kv("job", key).kv("error", st.to_string());
    else
      ++removed;
  }
  // Quiet when nothing changed: every tenant is re-derived every few minutes.
  log::line(put + removed > 0 ? log::level::info : log::level::debug, "schedule.derived").kv("tenant", tenant).kv("meetings", d.meetings).kv("plans", d.plans)
      .kv("digests", dj.subscribed).kv("jobs", d.wanted.size() + dj.wanted.size()).kv("put", put).kv("removed", removed);
}

void schedule_loop::tick() {
  const auto r = scheduler_.tick();
  if (r.fired || r.skipped || r.failed)
    log::debug("schedule.tick").kv("fired", r.fired).kv("skipped", r.skipped).kv("failed", r.failed);
}

void schedule_loop::step() {
  tick();
  std::set<std::string> changed;
  {
    std::lock_guard lock(mutex_);
    changed.swap(changed_);
  }
  const long long now = core::to_epoch_ms(clock_.now());
  for (const auto& t : feeds_.refresh_due(opts_.tenants, now)) changed.insert(t);
  if (opts_.poll_feeds) opts_.poll_feeds(now);
  if (opts_.sweep) opts_.sweep();
  if (const auto real = std::chrono::steady_clock::now();
      opts_.rederive_every.count() > 0 && real - derived_all_at_ >= opts_.rederive_every) {
    derived_all_at_ = real;
    for (const auto& t : opts_.tenants) changed.insert(t.id);
  }
  for (const auto& t : changed) derive(t);
  if (!changed.empty()) tick();  // a new job may already be due
}

void schedule_loop::changed(const std::string& tenant) {
  {
    std::lock_guard lock(mutex_);
    changed_.insert(tenant);
  }
  wake_.notify_one();
}

void schedule_loop::start() {
  prepare();
  thread_ = std::thread([this] { run(); });
  log::info("schedule.started").kv("jobs", scheduler_.jobs().size());
}

void schedule_loop::run() {
  for (;;) {
    step();
    auto sleep = opts_.max_sleep;
    if (const auto next = scheduler_.next_due_ms()) {
      const long long until = *next - core::to_epoch_ms(clock_.now());
      sleep = std::clamp(std::chrono::milliseconds(until), std::chrono::milliseconds(10), std::max(opts_.max_sleep, std::chrono::milliseconds(10)));
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, sleep, [this] { return stopping_ || !changed_.empty(); });
    if (stopping_) return;
  }
}

void schedule_loop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace commonsbot::workers
