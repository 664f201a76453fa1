// "Chains": a lower bound that keeps each conversation's order, for the faults each
// conversation met. bound.hpp's "faults in place" fixes the faults to the tenant's places
// (the k-th request the tenant sent met what the run's k-th met) and lets any message take
// any place. This one fixes them to the conversations instead: conversation c's i-th request
// meets what c's i-th request met in the run. Faults drawn at random by arrival, as the fake
// API draws them, fall on each conversation's requests the same way whatever the order, so
// for a scheduler that cannot see them coming this is the same game; it asks what a
// schedule that knew them in advance could do.
//
// For each request j of a conversation, from that conversation's chain alone (one request
// at a time in order, the conversation bucket between them, Retry-After after a 429):
//   head r_j  the earliest it can be sent: the chain sent as early as it may from 0;
//   tail q_j  the least time from sending it to sending the conversation's last request.
// Proof that no schedule facing these faults ends sooner: take any schedule and any set S of
// one tenant's requests. Sending earlier never delays a later request of the same chain (a
// token bucket's next conforming time and a Retry-After both grow with the send time), so
// every request goes at s_j >= r_j and its conversation's last at >= s_j + q_j. The
// requests of S are taken from one bucket of rate 1/p and burst b, so the one sent last
// goes at >= min r(S) + (|S| - b) p. Hence the run's last request goes at
//   >= min r(S) + (|S| - b) p + min q(S)            for every S,
// and the bound is the largest of these. It suffices to try S = {j : r_j >= a, q_j >= d}
// over the heads a and tails d that occur, which one sweep does in O(n log n) (tails from
// the largest down; a segment tree over heads holds a + p * |{r_j >= a}|).
// S = all of a tenant's requests is "limits alone"; S = one request, its conversation's
// own chain; in between it finds the sets the tenant bucket cannot serve in time.
// Tested by brute force against every order of small cases in
// tests/unit/delivery/bound_test.cpp.
#pragma once

#include "bound.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <queue>
#include <string>
#include <vector>

namespace commonsbot::bench {

struct chain_times {
  std::vector<double> head;  // r_j, in the chain's order
  std::vector<double> tail;  // q_j
};

// The earliest times a chain's requests from `first` on (their statuses in order) could go,
// starting at 0 with a full bucket: a token bucket (GCRA) at the conversation's rate, and no
// request sooner than Retry-After after a 429. A fuller bucket never delays a request, so
// from `first` on this is the least each later one can need.
inline std::vector<double> earliest_chain(const std::vector<int>& statuses, std::size_t first, rate r,
                                          double retry_after_s) {
  std::vector<double> at;
  double t = 0;
  double tat = 0;
  for (std::size_t i = first; i < statuses.size(); ++i) {
    if (i > first) t = std::max(t, statuses[i - 1] == 429 ? at.back() + retry_after_s : at.back());
    if (r.per_second > 0) {
      t = std::max(t, tat - r.tolerance());
      tat = std::max(tat, t) + r.interval();
    }
    at.push_back(t);
  }
  return at;
}

inline chain_times chain_heads_tails(const std::vector<int>& statuses, rate r, double retry_after_s) {
  chain_times c;
  c.head = earliest_chain(statuses, 0, r, retry_after_s);
  for (std::size_t i = 0; i < statuses.size(); ++i) c.tail.push_back(earliest_chain(statuses, i, r, retry_after_s).back());
  return c;
}

// Leaves are the distinct heads a, each worth a + (its range adds), or -inf while off;
// a node holds the best of its subtree plus the adds made to the whole of it.
class max_tree {
 public:
  explicit max_tree(std::vector<double> keys)
      : keys_(std::move(keys)), best_(4 * keys_.size(), off), add_(4 * keys_.size(), 0) {}
  void add_upto(std::size_t hi, double v) { add(1, 0, keys_.size() - 1, hi, v); }
  void turn_on(std::size_t i) { on(1, 0, keys_.size() - 1, i); }
  double best() const { return best_[1]; }

 private:
  static constexpr double off = -std::numeric_limits<double>::infinity();
  void add(std::size_t node, std::size_t lo, std::size_t hi, std::size_t upto, double v) {
    if (lo > upto) return;
    if (hi <= upto) {
      best_[node] += v;
      add_[node] += v;
      return;
    }
    const std::size_t mid = (lo + hi) / 2;
    add(2 * node, lo, mid, upto, v);
    add(2 * node + 1, mid + 1, hi, upto, v);
    best_[node] = std::max(best_[2 * node], best_[2 * node + 1]) + add_[node];
  }
  void on(std::size_t node, std::size_t lo, std::size_t hi, std::size_t i) {
    if (lo == hi) {
      best_[node] = keys_[lo] + add_[node];
      return;
    }
    const std::size_t mid = (lo + hi) / 2;
    if (i <= mid) on(2 * node, lo, mid, i);
    else on(2 * node + 1, mid + 1, hi, i);
    best_[node] = std::max(best_[2 * node], best_[2 * node + 1]) + add_[node];
  }
  std::vector<double> keys_;
  std::vector<double> best_;
  std::vector<double> add_;
};

// max over S of min r(S) + (|S| - b) p + min q(S), for one bucket's requests (head, tail).
inline double chain_set_bound(std::vector<std::pair<double, double>> jobs, rate bucket) {
  if (jobs.empty()) return 0;
  const double p = bucket.per_second > 0 ? bucket.interval() : 0;
  const double b = std::max(1.0, bucket.burst);
  std::vector<double> heads;
  for (const auto& j : jobs) heads.push_back(j.first);
  std::sort(heads.begin(), heads.end());
  heads.erase(std::unique(heads.begin(), heads.end()), heads.end());
  max_tree tree(heads);
  std::vector<bool> on(heads.size(), false);
  std::sort(jobs.begin(), jobs.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  double out = 0;
  for (const auto& [head, tail] : jobs) {  // tails from the largest down: `tail` is min q(S)
    const auto at = static_cast<std::size_t>(std::lower_bound(heads.begin(), heads.end(), head) - heads.begin());
    tree.add_upto(at, p);  // one more request with head >= a, for every a <= head
    if (!on[at]) tree.turn_on(at), on[at] = true;
    out = std::max(out, tree.best() - p * b + tail);
  }
  return out;
}

// The chains bound for a run's requests (in the order sent): the largest of
// chain_set_bound over each tenant's requests and over the platform's.
inline double chains_bound(const std::vector<sent_request>& reqs, rate platform, rate tenant, rate conversation,
                           double retry_after_s) {
  std::map<std::string, std::vector<int>> statuses;  // conversation -> its requests' statuses
  std::map<std::string, std::string> tenant_of;
  for (const auto& q : reqs) {
    statuses[q.conversation].push_back(q.status);
    tenant_of[q.conversation] = q.tenant;
  }
  std::map<std::string, std::vector<std::pair<double, double>>> per_tenant;
  std::vector<std::pair<double, double>> all;
  for (const auto& [c, s] : statuses) {
    const auto t = chain_heads_tails(s, conversation, retry_after_s);
    for (std::size_t i = 0; i < s.size(); ++i) {
      per_tenant[tenant_of[c]].emplace_back(t.head[i], t.tail[i]);
      all.emplace_back(t.head[i], t.tail[i]);
    }
  }
  double out = chain_set_bound(all, platform);
  for (auto& [name, jobs] : per_tenant) out = std::max(out, chain_set_bound(std::move(jobs), tenant));
  return out;
}

// The schedule Jackson's rule gives a scheduler that knew every conversation's faults: at
// each tenant token, of the conversations allowed to send, the one whose next request has
// the longest tail; where none is allowed, the first that will be. It is a schedule, so its
// last request is an upper bound on the best one: with chains_bound below it, the two
// bracket what knowing the faults would buy. Tenants apart (no platform limit), 429s
// pausing only their conversation, no backoff after a 5xx: the same rules as the bound.
inline double jackson_schedule(const std::vector<sent_request>& reqs, rate tenant, rate conversation,
                               double retry_after_s) {
  struct chain {
    std::vector<int> statuses;
    std::vector<double> tail;
    std::size_t next = 0;
    double earliest = 0;  // its next request's earliest time (its bucket, a Retry-After)
    double tat = 0;
  };
  std::map<std::string, std::map<std::string, chain>> tenants;
  for (const auto& q : reqs) tenants[q.tenant][q.conversation].statuses.push_back(q.status);
  double end = 0;
  for (auto& [name, chains] : tenants) {
    using item = std::pair<double, chain*>;
    std::priority_queue<item, std::vector<item>, std::greater<>> waiting;  // earliest first
    std::priority_queue<item> ready;                                       // longest tail first
    for (auto& [c, ch] : chains) {
      ch.tail = chain_heads_tails(ch.statuses, conversation, retry_after_s).tail;
      waiting.emplace(0.0, &ch);
    }
    double t = 0;
    double tat = 0;
    while (!waiting.empty() || !ready.empty()) {
      if (tenant.per_second > 0) t = std::max(t, tat - tenant.tolerance());
      if (ready.empty()) t = std::max(t, waiting.top().first);
      while (!waiting.empty() && waiting.top().first <= t) {
        chain* ch = waiting.top().second;
        waiting.pop();
        ready.emplace(ch->tail[ch->next], ch);
      }
      chain* ch = ready.top().second;
      ready.pop();
      end = std::max(end, t);
      if (tenant.per_second > 0) tat = std::max(tat, t) + tenant.interval();
      double next = ch->statuses[ch->next] == 429 ? t + retry_after_s : t;
      if (conversation.per_second > 0) {
        ch->tat = std::max(ch->tat, t) + conversation.interval();
        next = std::max(next, ch->tat - conversation.tolerance());
      }
      if (++ch->next < ch->statuses.size()) waiting.emplace(next, ch);
    }
  }
  return end;
}

}  // namespace commonsbot::bench
