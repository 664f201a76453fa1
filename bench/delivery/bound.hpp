// What the configured limits allow: the yardsticks delivery_bench holds the worker's wall
// time against. All of them count every request the run needed: a 429 or a 5xx takes a
// token like any other send. (The fake API draws its faults by arrival order, so the number
// of requests does not depend on the schedule; which message a fault hits does.)
//
//   limits alone    the busiest bucket: its requests at its rate after its burst. No
//                   schedule reaches it, because of the next one.
//   + Retry-After   also: a 429's retry goes at least Retry-After later, so each bucket's
//                   last 429 (at the earliest its position in that bucket allows) plus
//                   Retry-After; and each conversation's own chain: its requests one at a
//                   time (order is kept), its rate between them, Retry-After after each
//                   429. Any schedule that met these faults needs at least this long.
//   faults in place the bound the 10% target is checked against. Each bucket's requests
//                   with their 429s and 5xx where this run met them, each place taken as
//                   early as the bucket allows by any message that is ready: a fresh one,
//                   a 5xx's retry at once, a 429's a Retry-After later; where none is, the
//                   bucket idles. With conversations left out the messages are
//                   interchangeable, so that greedy order is optimal: exact for the bucket,
//                   and never below "+ Retry-After"'s bucket terms. Those wait out only the
//                   last 429, but a 500/s bucket meets twenty-odd in its last second, each
//                   of whose retries needs a place a Retry-After after its own; there are
//                   not enough places after the last one for all of them, so the bucket
//                   must idle, and a retry that meets a 429 again waits once more. The
//                   conversations' own chains (above) are kept in this bound too.
//   replay          this run's requests in the order they were sent, each as early as every
//                   bucket and Retry-After allow, with none of our own costs (no backoff
//                   after a 5xx, no network time). Elapsed over replay is the worker's
//                   overhead: start-up, late wake-ups, waiting for answers; replay over
//                   "faults in place" is what its order cost.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace commonsbot::bench {

struct sent_request {
  std::string tenant;
  std::string conversation;  // unique across tenants
  std::string message;       // the idempotency key
  int status = 0;
};

struct rate {
  double per_second = 0;  // <= 0: unlimited
  double burst = 1;
  double interval() const { return 1.0 / per_second; }
  double tolerance() const { return (std::max(1.0, burst) - 1) * interval(); }
};

struct bound {
  double limits_s = 0;
  std::string limits_by;  // "tenant T0: 5574 requests"
  double retry_after_s = 0;
  std::string retry_after_by;
  double replay_s = 0;
  double faults_s = 0;  // "faults in place", with the conversations' own chains
  std::string faults_by;
};

// "Faults in place" for one bucket: its requests' statuses in the order they came, and how
// many distinct messages they carried. The time of its last request.
inline double faults_in_place(const std::vector<int>& statuses, long long messages, rate r, double retry_after_s) {
  std::vector<double> retries;  // min-heap of ready times
  const auto later = [](double a, double b) { return a > b; };
  long long fresh = messages;
  double tat = 0;
  double t = 0;
  for (int status : statuses) {
    double ready = 0;
    if (fresh > 0) {
      --fresh;
    } else if (!retries.empty()) {
      std::pop_heap(retries.begin(), retries.end(), later);
      ready = retries.back();
      retries.pop_back();
    }
    t = std::max({t, ready, r.per_second > 0 ? tat - r.tolerance() : 0.0});
    if (r.per_second > 0) tat = std::max(tat, t) + r.interval();
    if (status == 429 || status >= 500 || status == 0) {
      retries.push_back(t + (status == 429 ? retry_after_s : 0));
      std::push_heap(retries.begin(), retries.end(), later);
    }
  }
  return t;
}

inline bound compute_bound(const std::vector<sent_request>& reqs, rate platform, rate tenant, rate conversation,
                           double retry_after_s) {
  struct bucket_state {
    rate r;
    long long n = 0;
    long long last_429 = 0;  // position (1-based) of its last 429; 0: none
    double tat = 0;          // replay: theoretical arrival time of its next request (GCRA)
    double chain = 0;        // conversations: the earliest their latest request could go
    bool chain_429 = false;
    std::vector<int> statuses;
    std::map<std::string, bool> messages;
  };
  std::map<std::string, bucket_state> buckets;
  std::map<std::string, std::pair<double, int>> message_last;  // replay time, status
  std::map<std::string, double> conversation_last;
  bound b;

  for (const auto& q : reqs) {
    const std::string c = "conversation " + q.conversation;
    bucket_state* levels[] = {&buckets["platform"], &buckets["tenant " + q.tenant], &buckets[c]};
    levels[0]->r = platform;
    levels[1]->r = tenant;
    levels[2]->r = conversation;

    // Replay: a request conforms to a bucket from its theoretical arrival time less the
    // burst tolerance on, so the earliest time for all of them is the latest of theirs.
    double at = 0;
    for (auto* l : levels)
      if (l->r.per_second > 0) at = std::max(at, l->tat - l->r.tolerance());
    if (auto m = message_last.find(q.message); m != message_last.end())
      at = std::max(at, m->second.first + (m->second.second == 429 ? retry_after_s : 0));
    if (auto p = conversation_last.find(q.conversation); p != conversation_last.end()) at = std::max(at, p->second);
    message_last[q.message] = {at, q.status};
    conversation_last[q.conversation] = at;
    b.replay_s = std::max(b.replay_s, at);

    for (auto* l : levels) {
      ++l->n;
      l->statuses.push_back(q.status);
      l->messages[q.message] = true;
      if (q.status == 429) l->last_429 = l->n;
      if (l->r.per_second > 0) l->tat = std::max(l->tat, at) + l->r.interval();
    }
    // The conversation's own chain, whatever happened elsewhere.
    auto& conv = *levels[2];
    if (conv.n > 1) {
      const double gap = conversation.per_second > 0 && conv.n > conversation.burst ? conversation.interval() : 0;
      conv.chain += std::max(gap, conv.chain_429 ? retry_after_s : 0.0);
    }
    conv.chain_429 = q.status == 429;
  }

  auto raise = [](double& to, std::string& by, double t, std::string why) {
    if (t > to) {
      to = t;
      by = std::move(why);
    }
  };
  for (const auto& [name, s] : buckets) {
    if (s.r.per_second > 0) {
      const double all = std::max(0.0, static_cast<double>(s.n) - std::max(1.0, s.r.burst)) / s.r.per_second;
      raise(b.limits_s, b.limits_by, all, name + ": " + std::to_string(s.n) + " requests");
      if (s.last_429 > 0) {
        const double last = std::max(0.0, static_cast<double>(s.last_429) - std::max(1.0, s.r.burst)) / s.r.per_second;
        raise(b.retry_after_s, b.retry_after_by, last + retry_after_s,
              name + "'s last 429 (request " + std::to_string(s.last_429) + " of " + std::to_string(s.n) + ") + Retry-After");
      }
    }
    if (name.starts_with("conversation ")) {
      raise(b.retry_after_s, b.retry_after_by, s.chain, name + "'s own chain of " + std::to_string(s.n) + " requests");
      raise(b.faults_s, b.faults_by, s.chain, name + "'s own chain of " + std::to_string(s.n) + " requests");
    } else if (s.r.per_second > 0) {
      raise(b.faults_s, b.faults_by,
            faults_in_place(s.statuses, static_cast<long long>(s.messages.size()), s.r, retry_after_s),
            name + ": " + std::to_string(s.n) + " requests, faults in place");
    }
  }
  if (b.limits_s > b.retry_after_s) {
    b.retry_after_s = b.limits_s;
    b.retry_after_by = b.limits_by;
  }
  if (b.retry_after_s > b.faults_s) {  // cannot happen for a limited bucket; kept for unlimited ones
    b.faults_s = b.retry_after_s;
    b.faults_by = b.retry_after_by;
  }
  return b;
}

}  // namespace commonsbot::bench
