#include "schedule/scheduler.hpp"

#include "log/log.hpp"
#include "schedule/catch_up.hpp"

#include <exception>
#include <optional>

namespace commonsbot::schedule {
namespace {

const std::string collection_name(collection);

void set_next(job& j, const std::optional<occurrence>& next) {
  j.next_due_ms = next ? next->utc_ms : 0;
  j.next_local = next ? to_iso(next->scheduled) : std::string();
}

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

scheduler::scheduler(store::store& db, const core::clock& clock, fire_handler handler, scheduler_options opts)
    : db_(db), clock_(clock), handler_(std::move(handler)), opts_(opts) {}

void scheduler::index(const job& j) {
  if (j.next_due_ms > 0 && check(j).empty()) due_.emplace(j.next_due_ms, j.key());
}

void scheduler::unindex(const job& j) { due_.erase({j.next_due_ms, j.key()}); }

std::vector<std::string> scheduler::load() {
  jobs_.clear();
  due_.clear();
  std::vector<std::string> problems;
  for (auto& [key, value] : db_.scan(collection_name)) {
    job j;
    try {
      j = value.get<job>();
    } catch (const std::exception& e) {
      problems.push_back(key + ": " + e.what());
      continue;
    }
    if (auto p = check(j); !p.empty()) problems.push_back(key + ": " + joined(p));
    index(j);
    jobs_.emplace(key, std::move(j));
  }
  for (const auto& p : problems) log::warn("schedule.job_unusable").kv("problem", p);
  return problems;
}

store::status scheduler::put(job j) {
  if (auto p = check(j); !p.empty()) return store::status::error(store::status_code::invalid_argument, joined(p));
  const auto z = zone::find(j.rule.zone);
  set_next(j, next_after(j.rule, *z, now_ms()));
  if (const auto* old = find(j.key())) j.last_fire_id = old->last_fire_id;
  store::transaction txn;
  txn.put(collection_name, j.key(), j);
  if (auto st = db_.commit(std::move(txn)); !st) return st;
  if (const auto* old = find(j.key())) unindex(*old);
  index(j);
  jobs_.insert_or_assign(j.key(), std::move(j));
  return {};
}

store::status scheduler::remove(std::string_view key) {
  const auto it = jobs_.find(key);
  if (it == jobs_.end()) return store::status::error(store::status_code::not_found, "no job " + std::string(key));
  store::transaction txn;
  txn.erase(collection_name, it->first);
  if (auto st = db_.commit(std::move(txn)); !st) return st;
  unindex(it->second);
  jobs_.erase(it);
  return {};
}

tick_report scheduler::tick() {
  tick_report report;
  const long long now = now_ms();
  while (!due_.empty() && due_.begin()->first <= now) {
    store::transaction txn;
    std::vector<job> advanced;
    for (auto it = due_.begin(); it != due_.end() && it->first <= now && advanced.size() < opts_.batch; ++it) {
      const job& j = jobs_.at(it->second);
      const auto z = zone::find(j.rule.zone);  // checked when indexed
      const auto plan = plan_due(j.rule, *z, j.next_due_ms, now, opts_.lateness.count());
      for (const auto& missed : plan.skipped)
        log::warn("schedule.skipped_late").kv("job", j.key()).kv("scheduled", to_iso(missed.scheduled))
            .kv("late_ms", now - missed.utc_ms);
      report.skipped += plan.skipped.size();
      job next = j;
      if (plan.fire) {
        const fire f{j.id + "@" + to_iso(plan.fire->scheduled), &j, plan.fire->scheduled, plan.fire->utc_ms, now, false};
        try {
          txn.append(handler_(f));
          next.last_fire_id = f.id;
          ++report.fired;
          log::info("schedule.fired").kv("job", j.key()).kv("fire", f.id).kv("late_ms", now - f.scheduled_ms);
        } catch (const std::exception& e) {
          ++report.failed;
          log::error("schedule.fire_failed").kv("job", j.key()).kv("fire", f.id).kv("error", e.what());
        }
      }
      set_next(next, plan.next);
      txn.put(collection_name, next.key(), next);
      advanced.push_back(std::move(next));
    }
    // Kept for the `committed` callback: commit() takes the transaction.
    std::optional<store::transaction> copy;
    if (opts_.committed) copy = txn;
    if (auto st = db_.commit(std::move(txn)); !st) {
      // Nothing of the batch is durable, so nothing changes here either: the same fires
      // (same ids) are attempted again at the next tick.
      log::error("schedule.commit_failed").kv("jobs", advanced.size()).kv("error", st.to_string());
      report.st = st;
      report.fired = 0;
      return report;
    }
    for (auto& j : advanced) {
      auto& held = jobs_.at(j.key());
      unindex(held);
      held = std::move(j);
      index(held);
    }
    if (copy) opts_.committed(*copy);
  }
  return report;
}

store::status scheduler::run_now(std::string_view key) {
  const auto* j = find(key);
  if (!j) return store::status::error(store::status_code::not_found, "no job " + std::string(key));
  const auto z = zone::find(j->rule.zone);
  if (!z) return store::status::error(store::status_code::invalid_argument, "unknown time zone " + j->rule.zone);
  const long long now = now_ms();
  const auto wall = z->to_local(now);
  // Marked apart from scheduled fire ids, so a run-now never stands in for a real occurrence.
  const fire f{j->id + "@" + to_iso(wall) + "!now", j, wall, now, now, true};
  store::transaction txn;
  try {
    txn = handler_(f);
  } catch (const std::exception& e) {
    return store::status::error(store::status_code::invalid_argument, e.what());
  }
  job next = *j;
  next.last_fire_id = f.id;
  txn.put(collection_name, next.key(), next);
  std::optional<store::transaction> copy;
  if (opts_.committed) copy = txn;
  if (auto st = db_.commit(std::move(txn)); !st) return st;
  log::info("schedule.fired").kv("job", next.key()).kv("fire", f.id).kv("manual", true);
  if (copy) opts_.committed(*copy);
  jobs_.at(next.key()) = std::move(next);
  return {};
}

std::optional<long long> scheduler::next_due_ms() const {
  if (due_.empty()) return std::nullopt;
  return due_.begin()->first;
}

std::size_t scheduler::due_count(long long now_ms) const {
  std::size_t n = 0;
  for (auto it = due_.begin(); it != due_.end() && it->first <= now_ms; ++it) ++n;
  return n;
}

const job* scheduler::find(std::string_view key) const {
  const auto it = jobs_.find(key);
  return it == jobs_.end() ? nullptr : &it->second;
}

}  // namespace commonsbot::schedule
