// Which conversation sends next, and when. The delivery worker's pacing, kept apart from
// its I/O so it can be tested with a hand-moved clock.
//
// A conversation with queued entries is in exactly one place:
//   - a timer: its oldest entry is not due yet (a retry's backoff, a Retry-After), or its
//     own bucket has no token;
//   - its tenant's ready queue: due, and waiting only for the shared buckets;
//   - on the wire: one request per conversation at a time, so it never sees its messages
//     out of order.
// When a tenant's bucket (or its platform's) is empty the whole tenant is parked once, until
// its next token, and none of its conversations is looked at meanwhile. Asking each waiting
// conversation again on every token made a digest to 5,000 DMs cost O(conversations) per
// send; now a send costs O(log n) whatever the fan-out.
//
// Order within a tenant: where conversations have a rate of their own, longest queue first,
// then first come first served. The longest queue is the one that would finish last, since
// it can only drain at its own rate, so serving it whenever it has a token shortens the run,
// and a conversation held back by a 429 catches up instead of trickling out alone at the
// end. A tenant's conversations share one rate and a ready one has no Retry-After pending,
// so this is also longest remaining chain (least laxity) first; the other orders tried in
// delivery_sim did no better (bench/README.md). Where conversations are not paced (Matrix:
// only the sending user is) nothing is gained by that, so they simply take turns and a
// long queue cannot hold the others back.
// Equal queues (a digest: one message each) take turns. So do tenants with a token.
//
// Not thread-safe: the worker thread owns it.
#pragma once

#include "delivery/rate_limiter.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace commonsbot::delivery {

class scheduler {
 public:
  // The buckets the entry's next request counts against; nullopt when it will not be sent
  // (no adapter, nothing left to send), so no token is taken for it.
  using bucket_lookup = std::function<std::optional<bucket_keys>(const std::string& key)>;

  struct pick {
    std::string key;                     // the outbox entry whose request goes now
    std::string conversation;
    std::optional<bucket_keys> buckets;  // the tokens taken; none if it will not be sent
  };

  explicit scheduler(rate_limiter& limiter) : limiter_(limiter) {}

  // A queued entry. `tenant` groups the conversations that share a tenant bucket (the
  // bucket_keys::tenant its requests will name). Keys order a conversation's entries: ids
  // are time-ordered, so the oldest goes first.
  // `platform` names the limits (rate_limiter::paces_conversations).
  void add(const std::string& key, const std::string& conversation, const std::string& platform,
           const std::string& tenant, long long due_ms);

  // The request for a picked entry is over. nullopt: the entry left the queue (delivered,
  // dead-lettered); otherwise it stays first in line, due at the given time (a retry, or
  // its next part).
  void finish(const std::string& conversation, const std::string& key, std::optional<long long> due_ms);

  // The next request allowed at `now_ms`, with its tokens taken; nullopt if none.
  std::optional<pick> next(long long now_ms, const bucket_lookup& lookup);

  // When next() can next have something to give, if nothing is ready now: the earliest
  // timer or parked tenant. nullopt: nothing is waiting at all.
  std::optional<long long> next_wake(long long now_ms) const;

  std::size_t conversations() const { return conversations_.size(); }
  // How often next() has asked the limiter: a parked tenant must not add to it.
  std::uint64_t limiter_checks() const { return limiter_checks_; }

 private:
  enum class place { none, timer, ready, wire };
  // (-backlog, arrival): longest queue first, then in turn.
  using rank = std::pair<long long, std::uint64_t>;

  struct conversation_state {
    std::map<std::string, long long> entries;  // key -> due ms, oldest first
    std::string tenant;
    bool longest_first = false;  // its platform paces conversations
    place at = place::none;
    long long timer_ms = 0;  // while at == timer
    rank ready_rank{};       // while at == ready
  };

  struct tenant_state {
    std::set<std::tuple<long long, std::uint64_t, std::string>> ready;  // rank, conversation
    bool parked = false;  // in tenant_timers_: no token until then
    bool active = false;  // in active_: has a token and ready conversations
  };

  void place_by_due(const std::string& conversation, conversation_state& c);
  void set_timer(const std::string& conversation, conversation_state& c, long long at_ms);
  void unplace(const std::string& conversation, conversation_state& c);
  void make_ready(const std::string& conversation, conversation_state& c);
  void activate(const std::string& tenant, tenant_state& t);
  void wake(long long now_ms);

  rate_limiter& limiter_;
  std::unordered_map<std::string, conversation_state> conversations_;
  std::unordered_map<std::string, tenant_state> tenants_;
  std::set<std::pair<long long, std::string>> conversation_timers_;  // (due ms, conversation)
  std::set<std::pair<long long, std::string>> tenant_timers_;        // (next token ms, tenant)
  std::deque<std::string> active_;                                   // tenants, in turn
  std::uint64_t arrivals_ = 0;
  std::uint64_t limiter_checks_ = 0;
};

}  // namespace commonsbot::delivery
