#include "delivery/scheduler.hpp"

namespace commonsbot::delivery {

void scheduler::add(const std::string& key, const std::string& conversation, const std::string& platform,
                    const std::string& tenant, long long due_ms) {
  auto& c = conversations_[conversation];
  const bool new_head = c.entries.empty() || key <= c.entries.begin()->first;
  c.tenant = tenant;
  c.longest_first = limiter_.paces_conversations(platform);
  c.entries[key] = due_ms;
  if (c.at == place::wire) return;  // placed again when its request ends
  if (!new_head) {
    // Same head, so the same due time; a ready conversation's queue grew, so its rank
    // changes, but it keeps its turn.
    if (c.at == place::ready && c.longest_first) {
      auto& t = tenants_.at(c.tenant);
      t.ready.erase({c.ready_rank.first, c.ready_rank.second, conversation});
      c.ready_rank.first = -static_cast<long long>(c.entries.size());
      t.ready.emplace(c.ready_rank.first, c.ready_rank.second, conversation);
    }
    return;
  }
  unplace(conversation, c);
  place_by_due(conversation, c);
}

void scheduler::finish(const std::string& conversation, const std::string& key, std::optional<long long> due_ms) {
  auto it = conversations_.find(conversation);
  if (it == conversations_.end()) return;
  auto& c = it->second;
  if (due_ms) {
    if (auto e = c.entries.find(key); e != c.entries.end()) e->second = *due_ms;
  } else {
    c.entries.erase(key);
  }
  unplace(conversation, c);
  if (c.entries.empty()) {
    conversations_.erase(it);
    return;
  }
  place_by_due(conversation, c);
}

void scheduler::place_by_due(const std::string& conversation, conversation_state& c) {
  // Through a timer even when due now: next() moves every due timer at once, so a batch
  // of new conversations enters the ready queue in one go rather than one call each.
  set_timer(conversation, c, c.entries.begin()->second);
}

void scheduler::set_timer(const std::string& conversation, conversation_state& c, long long at_ms) {
  c.at = place::timer;
  c.timer_ms = at_ms;
  conversation_timers_.emplace(at_ms, conversation);
}

void scheduler::unplace(const std::string& conversation, conversation_state& c) {
  if (c.at == place::timer) conversation_timers_.erase({c.timer_ms, conversation});
  if (c.at == place::ready) tenants_.at(c.tenant).ready.erase({c.ready_rank.first, c.ready_rank.second, conversation});
  c.at = place::none;
}

void scheduler::make_ready(const std::string& conversation, conversation_state& c) {
  c.at = place::ready;
  c.ready_rank = {c.longest_first ? -static_cast<long long>(c.entries.size()) : 0, ++arrivals_};
  auto& t = tenants_[c.tenant];
  t.ready.emplace(c.ready_rank.first, c.ready_rank.second, conversation);
  if (!t.parked) activate(c.tenant, t);
}

void scheduler::activate(const std::string& tenant, tenant_state& t) {
  if (t.active) return;
  t.active = true;
  active_.push_back(tenant);
}

void scheduler::wake(long long now_ms) {
  while (!conversation_timers_.empty() && conversation_timers_.begin()->first <= now_ms) {
    auto node = conversation_timers_.extract(conversation_timers_.begin());
    const std::string& name = node.value().second;
    make_ready(name, conversations_.at(name));
  }
  while (!tenant_timers_.empty() && tenant_timers_.begin()->first <= now_ms) {
    auto node = tenant_timers_.extract(tenant_timers_.begin());
    auto& t = tenants_.at(node.value().second);
    t.parked = false;
    if (!t.ready.empty()) activate(node.value().second, t);
  }
}

std::optional<scheduler::pick> scheduler::next(long long now_ms, const bucket_lookup& lookup) {
  wake(now_ms);
  while (!active_.empty()) {
    const std::string tenant = active_.front();
    auto& t = tenants_.at(tenant);
    if (t.ready.empty()) {
      active_.pop_front();
      t.active = false;
      continue;
    }
    const auto first = t.ready.begin();
    const std::string conversation = std::get<2>(*first);
    auto& c = conversations_.at(conversation);
    const std::string key = c.entries.begin()->first;
    auto buckets = lookup(key);
    if (buckets) {
      ++limiter_checks_;
      if (const auto refused = limiter_.acquire(buckets->platform, *buckets, now_ms)) {
        if (refused->shared_ms > now_ms) {
          // The tenant (or platform) has no token: nobody in this queue can go before
          // then, so park the queue as it is, once.
          active_.pop_front();
          t.active = false;
          t.parked = true;
          tenant_timers_.emplace(refused->shared_ms, tenant);
        } else {
          // Only this conversation's own bucket is short; the next in line may go. (A
          // rate_bucket several conversations share, like Slack's ephemeral one, costs a
          // check per conversation per token; it is rare enough not to park.)
          t.ready.erase(first);
          set_timer(conversation, c, refused->conversation_ms);
        }
        continue;
      }
    }
    t.ready.erase(first);
    c.at = place::wire;
    active_.pop_front();  // tenants take turns
    if (t.ready.empty()) t.active = false;
    else active_.push_back(tenant);
    return pick{key, conversation, std::move(buckets)};
  }
  return std::nullopt;
}

std::optional<long long> scheduler::next_wake(long long now_ms) const {
  if (!active_.empty()) return now_ms;
  std::optional<long long> at;
  if (!conversation_timers_.empty()) at = conversation_timers_.begin()->first;
  if (!tenant_timers_.empty() && (!at || tenant_timers_.begin()->first < *at)) at = tenant_timers_.begin()->first;
  return at;
}

}  // namespace commonsbot::delivery
