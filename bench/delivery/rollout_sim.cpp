// rollout_sim: can an online scheduler beat "longest queue first" (LQF) on delivery_bench's
// shape of work? One tenant, 100 conversations x 50 in-order messages, a tenant bucket of
// 500/s and a conversation bucket of 20/s (both burst 1, GCRA), a 1 ms round trip, and
// i.i.d. faults: 5% 429 (the conversation pauses until response + 1000 ms) and 5% 503
// (retry after a jittered exponential backoff, 50 ms .. 2 s, as retry_policy.cpp draws it).
//
// Three policies run on the same "real" fault stream (the k-th request of a run gets the
// k-th draw, seeds 42 / 43 / 7 + offset, as delivery_sim does):
//   LQF      ready conversation with the most messages left; ties by least recently served.
//   control  LQF, but in the end game ties among the longest are broken at random. It is
//            as good a policy as LQF, so its spread against LQF is the noise floor: any
//            change of order reshuffles which request meets which fault of the real stream.
//   rollout  one-step policy improvement over LQF, in the end game only (total messages
//            left <= endgame_messages): the candidates are the first ready conversation of
//            each of the K = 4 longest distinct queue lengths, plus the ready one with the
//            fewest messages left; each is sent now and the rest played out with LQF over
//            `rollouts` sampled futures (a private RNG, never the real stream), and the one
//            with the lowest mean makespan is sent (ties go to LQF's own choice; with z > 0
//            only if it beats LQF's choice by z paired standard errors). Common
//            random numbers: in a sampled future the outcome of (conversation, message,
//            attempt) is a hash of the future's seed, so all candidates meet the same
//            faults and differ only in order.
// Makespan is the send time of the last successful delivery. "Limits alone" is the number
// of requests the LQF run needed over 500/s.
//
// Build and run (standard library only):
//   cmake --build build-delivery --target rollout_sim -j2
//   build-delivery/bench/delivery/rollout_sim [streams=10] [first_offset=0] [rollouts=16] [endgame_messages=1500] [z=0] [arrival|keyed] [threads=all cores]
// e.g. build-delivery/bench/delivery/rollout_sim 30 0 16 1500   (30 streams take about 7 minutes on 2 cores)
// Every column but "wall s" is deterministic for given arguments (threads only run streams side by side).
#include "summary.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string_view>
#include <cmath>
#include <thread>
#include <vector>

namespace {

constexpr int conversation_count = 100;
constexpr int messages_per_conversation = 50;
constexpr long long tenant_interval_ms = 2;  // 500 requests/s, burst 1
constexpr long long conversation_interval_ms = 50;  // 20 requests/s, burst 1
constexpr long long rtt_ms = 1;  // below tenant_interval_ms: a response is always in before the next send
constexpr long long retry_after_ms = 1'000;
constexpr long long base_backoff_ms = 50;
constexpr long long max_backoff_ms = 2'000;
constexpr double p_429 = 0.05;
constexpr double p_503_given_not_429 = 0.05 / 0.95;
constexpr int longest_candidates = 4;
static_assert(rtt_ms < tenant_interval_ms, "the loop assumes at most one request in flight");

enum class status { ok, too_many, unavailable };
struct outcome {
  status s = status::ok;
  double jitter = 1.0;  // in [0.5, 1): the backoff factor, used on 503 only
};

// The whole scheduling state between two sends (nothing is ever in flight at a decision).
struct state {
  long long now = 0;
  long long tenant_tat = 0;
  long long last_success = 0;  // send time of the last delivery: the makespan at the end
  long long seq = 0;           // sends so far (also the round-robin clock)
  int total_left = conversation_count * messages_per_conversation;
  std::array<int, conversation_count> left{};
  std::array<int, conversation_count> errors{};    // 503s met by the current message (sets the backoff)
  std::array<int, conversation_count> attempts{};  // attempts of the current message (for sampled faults)
  std::array<long long, conversation_count> ready_at{};  // max(conversation bucket, Retry-After, backoff due)
  std::array<long long, conversation_count> served{};    // seq of the last send, for round-robin ties

  state() {
    left.fill(messages_per_conversation);
    for (int c = 0; c < conversation_count; ++c) served[c] = c - conversation_count;  // conversation 0 is "oldest"
  }
};

long long backoff_ms(int errors, double jitter) {
  const long long d = std::min(max_backoff_ms, base_backoff_ms << std::clamp(errors - 1, 0, 30));
  return std::max(1LL, static_cast<long long>(static_cast<double>(d) * jitter));
}

// Moves the clock to the next moment a send is possible; false once everything is delivered.
bool advance(state& s) {
  if (s.total_left == 0) return false;
  long long first = -1;
  for (int c = 0; c < conversation_count; ++c)
    if (s.left[c] > 0 && (first < 0 || s.ready_at[c] < first)) first = s.ready_at[c];
  s.now = std::max({s.now, s.tenant_tat, first});
  return true;
}

bool ready(const state& s, int c) { return s.left[c] > 0 && s.ready_at[c] <= s.now; }

// LQF order: more messages left first, then least recently served.
bool before(const state& s, int a, int b) {
  return s.left[a] != s.left[b] ? s.left[a] > s.left[b] : s.served[a] < s.served[b];
}

int lqf_pick(const state& s) {
  int best = -1;
  for (int c = 0; c < conversation_count; ++c)
    if (ready(s, c) && (best < 0 || before(s, c, best))) best = c;
  return best;
}

// Sends conversation c's current message at s.now; the response (1 ms later) is applied at once.
void send(state& s, int c, const outcome& o) {
  s.tenant_tat = std::max(s.tenant_tat, s.now) + tenant_interval_ms;
  s.served[c] = ++s.seq;
  const long long response = s.now + rtt_ms;
  long long next = s.now + conversation_interval_ms;  // the conversation bucket (its tat was <= now)
  switch (o.s) {
    case status::ok:
      --s.left[c];
      --s.total_left;
      s.errors[c] = 0;
      s.attempts[c] = 0;
      s.last_success = s.now;
      break;
    case status::too_many:
      ++s.attempts[c];
      next = std::max(next, response + retry_after_ms);
      break;
    case status::unavailable:
      ++s.attempts[c];
      ++s.errors[c];
      next = std::max(next, response + backoff_ms(s.errors[c], o.jitter));
      break;
  }
  s.ready_at[c] = next;
}

// The real stream: the k-th request of the run gets the k-th draw.
// With `keyed`, instead, the real faults are keyed by (conversation, message, attempt) like
// the sampled futures (seed 42 + offset, hashed): every policy then meets the same faults per
// message, and a change of order no longer reshuffles them (a much tighter paired test).
struct real_faults {
  std::mt19937_64 g429, g503, gjitter;
  bool keyed;
  std::uint64_t key_seed;
  real_faults(std::uint64_t offset, bool k)
      : g429(42 + offset), g503(43 + offset), gjitter(7 + offset), keyed(k), key_seed(42 + offset) {}
  outcome draw(const state& s, int c);
};
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
double unit(std::uint64_t x) { return static_cast<double>(x >> 11) * 0x1.0p-53; }

// A sampled future for the rollouts: the outcome of (conversation, message, attempt) is a
// pure function of the future's seed, whatever order the requests go out in.
struct sampled_faults {
  std::uint64_t seed;
  outcome draw(const state& s, int c) const {
    const std::uint64_t key = splitmix64(seed ^ splitmix64((static_cast<std::uint64_t>(c) << 40) ^
                                                           (static_cast<std::uint64_t>(messages_per_conversation - s.left[c]) << 20) ^
                                                           static_cast<std::uint64_t>(s.attempts[c])));
    if (unit(splitmix64(key + 1)) < p_429) return {status::too_many};
    if (unit(splitmix64(key + 2)) < p_503_given_not_429) return {status::unavailable, 0.5 + 0.5 * unit(splitmix64(key + 3))};
    return {};
  }
};

outcome real_faults::draw(const state& s, int c) {
  if (keyed) return sampled_faults{splitmix64(key_seed)}.draw(s, c);
  std::uniform_real_distribution<double> u(0, 1);
  if (u(g429) < p_429) return {status::too_many};
  if (u(g503) < p_503_given_not_429) return {status::unavailable, std::uniform_real_distribution<double>(0.5, 1.0)(gjitter)};
  return {};
}

template <class Faults>
long long finish_with_lqf(state s, Faults& f) {
  while (advance(s)) {
    const int c = lqf_pick(s);
    send(s, c, f.draw(s, c));
  }
  return s.last_success;
}

struct run_result {
  long long makespan = 0;
  long long requests = 0;
  long long decisions = 0;   // end-game decisions that had >= 2 candidates
  long long deviations = 0;  // of which the rollout sent something other than LQF's choice
};

enum class policy { lqf, control, rollout };

// Ready conversations in LQF order.
std::vector<int> ready_in_order(const state& s) {
  std::vector<int> order;
  for (int i = 0; i < conversation_count; ++i)
    if (ready(s, i)) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) { return before(s, a, b); });
  return order;
}

// The control: ties among the longest ready queues broken at random.
int control_pick(const state& s, const std::vector<int>& order, std::mt19937_64& mine, run_result& r) {
  std::size_t n = 1;
  while (n < order.size() && s.left[order[n]] == s.left[order[0]]) ++n;
  const int pick = order[std::uniform_int_distribution<std::size_t>(0, n - 1)(mine)];
  r.decisions += n >= 2;
  r.deviations += pick != order[0];
  return pick;
}

// The first ready conversation of each of the longest distinct queue lengths, then, as a
// contrast, LQF's first pick among those with the fewest left. cand[0] is LQF's own choice.
std::vector<int> candidates(const state& s, const std::vector<int>& order) {
  std::vector<int> cand;
  for (int i : order)
    if (static_cast<int>(cand.size()) < longest_candidates && (cand.empty() || s.left[i] != s.left[cand.back()]))
      cand.push_back(i);
  const auto contrast = *std::find_if(order.begin(), order.end(), [&](int i) { return s.left[i] == s.left[order.back()]; });
  if (std::none_of(cand.begin(), cand.end(), [&](int i) { return s.left[i] == s.left[contrast]; })) cand.push_back(contrast);
  return cand;
}

// One step of policy improvement: each candidate sent now, then LQF, over `rollouts` sampled
// futures (the same futures for every candidate); the lowest mean makespan wins, and with
// z > 0 only if it beats LQF's choice by z paired standard errors.
int rollout_pick(const state& s, const std::vector<int>& order, int rollouts, double z, std::mt19937_64& mine,
                 run_result& r) {
  const auto cand = candidates(s, order);
  if (cand.size() < 2) return order[0];
  ++r.decisions;
  // diff[k] = sum over futures of (makespan with cand[k]) - (makespan with cand[0]).
  std::vector<double> diff(cand.size(), 0), diff2(cand.size(), 0);
  for (int m = 0; m < rollouts; ++m) {
    sampled_faults f{mine()};
    long long base = 0;
    for (std::size_t k = 0; k < cand.size(); ++k) {
      state t = s;
      send(t, cand[k], f.draw(t, cand[k]));
      const long long mk = finish_with_lqf(t, f);
      if (k == 0) base = mk;
      const double d = static_cast<double>(mk - base);
      diff[k] += d;
      diff2[k] += d * d;
    }
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < cand.size(); ++k)
    if (diff[k] < diff[best]) best = k;
  if (best != 0 && z > 0) {
    const double n = rollouts, mu = diff[best] / n;
    const double var = n > 1 ? std::max(0.0, (diff2[best] - n * mu * mu) / (n - 1)) : 0.0;
    if (!(-mu > z * std::sqrt(var / n))) best = 0;
  }
  r.deviations += best != 0;
  return cand[best];
}

run_result run(policy p, std::uint64_t offset, int rollouts, int endgame, double z, bool keyed) {
  state s;
  real_faults real(offset, keyed);
  std::mt19937_64 mine(1'000'003 + offset);  // the policy's own randomness, never the real stream
  run_result r;
  while (advance(s)) {
    int c = lqf_pick(s);
    if (p != policy::lqf && s.total_left <= endgame) {
      const auto order = ready_in_order(s);
      c = p == policy::control ? control_pick(s, order, mine, r) : rollout_pick(s, order, rollouts, z, mine, r);
    }
    send(s, c, real.draw(s, c));
    ++r.requests;
  }
  r.makespan = s.last_success;
  return r;
}

struct row {
  std::uint64_t offset = 0;
  run_result lqf, control, rollout;
  double seconds = 0;
};

using commonsbot::bench::median;
double mean(const std::vector<double>& v) {
  double t = 0;
  for (double x : v) t += x;
  return t / static_cast<double>(v.size());
}

void print_row(const row& w) {
  const double limits = static_cast<double>(w.lqf.requests) / 500.0;
  std::printf("%6llu %6lld %8.3f %8.3f %7.3f | %8.3f %7.4f %5lld | %8.3f %7.4f %6lld %6lld %7.1f\n",
              static_cast<unsigned long long>(w.offset), w.lqf.requests, limits, w.lqf.makespan / 1000.0,
              w.lqf.makespan / 1000.0 / limits, w.control.makespan / 1000.0,
              static_cast<double>(w.control.makespan) / static_cast<double>(w.lqf.makespan), w.control.deviations,
              w.rollout.makespan / 1000.0,
              static_cast<double>(w.rollout.makespan) / static_cast<double>(w.lqf.makespan), w.rollout.decisions,
              w.rollout.deviations, w.seconds);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const int streams = argc > 1 ? std::atoi(argv[1]) : 10;
  const std::uint64_t first = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 0;
  const int rollouts = argc > 3 ? std::atoi(argv[3]) : 16;
  const int endgame = argc > 4 ? std::atoi(argv[4]) : 1'500;
  const double z = argc > 5 ? std::atof(argv[5]) : 0.0;
  const bool keyed = argc > 6 && std::string_view(argv[6]) == "keyed";
  const int threads = argc > 7 ? std::atoi(argv[7]) : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (streams < 1 || rollouts < 1 || endgame < 0 || z < 0 || threads < 1 ||
      (argc > 6 && !keyed && std::string_view(argv[6]) != "arrival")) {
    std::fprintf(stderr, "usage: rollout_sim [streams] [first_offset] [rollouts] [endgame_messages] [z] [arrival|keyed] [threads]\n");
    return 2;
  }
  std::printf("rollout_sim: %d conversations x %d messages, 500/s tenant, 20/s conversation, rtt 1 ms; "
              "%d streams from +%llu, %d rollouts, K=%d (+ shortest), end game <= %d messages left, z %.1f, %s faults, %d threads\n",
              conversation_count, messages_per_conversation, streams, static_cast<unsigned long long>(first), rollouts, longest_candidates, endgame, z,
              keyed ? "keyed" : "arrival-order", threads);
  std::printf("%6s %6s %8s %8s %7s | %8s %7s %5s | %8s %7s %6s %6s %7s\n", "stream", "reqs", "limits", "LQF", "LQF/lim",
              "control", "ctl/LQF", "devs", "rollout", "ro/LQF", "decns", "devs", "wall s");

  std::vector<row> rows(static_cast<std::size_t>(streams));
  std::atomic<int> next{0};
  std::mutex out;
  const auto worker = [&] {
    for (int i; (i = next++) < streams;) {
      const auto t0 = std::chrono::steady_clock::now();
      row& w = rows[static_cast<std::size_t>(i)];
      w.offset = first + static_cast<std::uint64_t>(i);
      w.lqf = run(policy::lqf, w.offset, rollouts, endgame, z, keyed);
      w.control = run(policy::control, w.offset, rollouts, endgame, z, keyed);
      w.rollout = run(policy::rollout, w.offset, rollouts, endgame, z, keyed);
      w.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::lock_guard lock(out);
      print_row(w);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < std::min(threads, streams); ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  std::vector<double> lqf_s, lqf_lim, ctl, ro, secs;
  int better = 0, worse = 0, ctl_better = 0, ctl_worse = 0;
  for (const auto& w : rows) {
    const double limits = static_cast<double>(w.lqf.requests) / 500.0;
    lqf_s.push_back(w.lqf.makespan / 1000.0);
    lqf_lim.push_back(w.lqf.makespan / 1000.0 / limits);
    const double c = static_cast<double>(w.control.makespan) / static_cast<double>(w.lqf.makespan);
    const double r = static_cast<double>(w.rollout.makespan) / static_cast<double>(w.lqf.makespan);
    ctl.push_back(c);
    ro.push_back(r);
    secs.push_back(w.seconds);
    better += r < 0.98;
    worse += r > 1.02;
    ctl_better += c < 0.98;
    ctl_worse += c > 1.02;
  }
  auto sorted = lqf_s;
  std::sort(sorted.begin(), sorted.end());
  std::printf("LQF makespan s: min %.3f, median %.3f, mean %.3f, max %.3f; x limits alone: median %.3f, mean %.3f, max %.3f\n",
              sorted.front(), median(lqf_s), mean(lqf_s), sorted.back(), median(lqf_lim), mean(lqf_lim),
              *std::max_element(lqf_lim.begin(), lqf_lim.end()));
  std::printf("control/LQF: median %.4f, mean %.4f, min %.4f, max %.4f; %d of %d better by >2%%, %d worse by >2%%\n",
              median(ctl), mean(ctl), *std::min_element(ctl.begin(), ctl.end()), *std::max_element(ctl.begin(), ctl.end()),
              ctl_better, streams, ctl_worse);
  std::printf("rollout/LQF: median %.4f, mean %.4f, min %.4f, max %.4f; %d of %d better by >2%%, %d worse by >2%%\n",
              median(ro), mean(ro), *std::min_element(ro.begin(), ro.end()), *std::max_element(ro.begin(), ro.end()),
              better, streams, worse);
  std::printf("wall time per stream (all three policies, one thread each): median %.1f s, max %.1f s\n", median(secs),
              *std::max_element(secs.begin(), secs.end()));
  return 0;
}
