// BENCH_TRACE=1: where a delivery_bench run's tail goes. Bench-only diagnostics, read off the
// fake API's request log after the run:
//   - per half second from `from_s` on, for each tenant: requests sent, conversations still
//     holding undelivered messages, the most and the total they hold, and how many of them
//     are waiting out a Retry-After at that moment;
//   - the last 429s: when, on which conversation, how many of its messages were still
//     behind it, and when that conversation finished;
//   - the conversations that finished last, with the 429s and 5xx they met.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

namespace commonsbot::bench {

struct traced_request {
  double at_s = 0;  // from the first request
  std::string tenant;
  std::string conversation;
  std::string message;
  int status = 0;
};

inline void print_trace(const std::vector<traced_request>& reqs, int messages_per_conversation, double from_s,
                        double retry_after_s) {
  if (reqs.empty()) return;
  struct conv_info {
    std::string tenant;
    int delivered = 0;
    double finished_s = 0;
    int n429 = 0;
    int n5xx = 0;
    std::vector<double> pauses;  // times of its 429s
  };
  std::map<std::string, conv_info> convs;
  for (const auto& r : reqs) {
    auto& c = convs[r.conversation];
    c.tenant = r.tenant;
    c.finished_s = std::max(c.finished_s, r.at_s);
  }
  const double end = reqs.back().at_s;

  std::printf("  trace: per half second from %.1f s (per tenant: sent; conversations with work left; most left; "
              "total left; of those waiting out a Retry-After)\n",
              from_s);
  std::size_t i = 0;
  for (double w = 0; w <= end + 0.5; w += 0.5) {
    std::map<std::string, int> sent;
    for (; i < reqs.size() && reqs[i].at_s < w + 0.5; ++i) {
      const auto& r = reqs[i];
      auto& c = convs[r.conversation];
      sent[r.tenant]++;
      if (r.status == 200) ++c.delivered;
      if (r.status == 429) ++c.n429, c.pauses.push_back(r.at_s);
      if (r.status >= 500) ++c.n5xx;
    }
    if (w + 0.5 < from_s) continue;
    const double at = w + 0.5;
    std::map<std::string, std::vector<int>> per_tenant;  // left, paused flag
    std::map<std::string, int> paused;
    for (const auto& [name, c] : convs) {
      const int left = messages_per_conversation - c.delivered;
      if (left <= 0) continue;
      per_tenant[c.tenant].push_back(left);
      if (!c.pauses.empty() && c.pauses.back() + retry_after_s > at) ++paused[c.tenant];
    }
    std::printf("    %5.1f-%5.1f s:", w, w + 0.5);
    for (const auto& [tenant, n] : sent) {
      const auto& left = per_tenant[tenant];
      int most = 0, total = 0;
      for (int l : left) most = std::max(most, l), total += l;
      std::printf("  %s %4d sent, %3zu convs left (most %2d, total %4d, %2d in Retry-After)", tenant.c_str(), n,
                  left.size(), most, total, paused[tenant]);
    }
    std::printf("\n");
  }

  // The last 429s and what they held back.
  std::vector<std::size_t> last429;
  for (std::size_t k = reqs.size(); k-- > 0 && last429.size() < 12;)
    if (reqs[k].status == 429) last429.push_back(k);
  std::printf("  trace: the last 429s (time, conversation, its messages still undelivered, when it finished)\n");
  for (auto k : last429) {
    const auto& r = reqs[k];
    int delivered = 0;
    for (std::size_t j = 0; j < k; ++j) delivered += reqs[j].conversation == r.conversation && reqs[j].status == 200;
    std::printf("    %6.3f s  %-8s %2d left  finished %6.3f s\n", r.at_s, r.conversation.c_str(),
                messages_per_conversation - delivered, convs[r.conversation].finished_s);
  }

  // How a 429's retry fared: the fake API draws faults by arrival, so about 5% again.
  {
    std::map<std::string, int> last_status;
    int after429 = 0, again = 0;
    for (const auto& r : reqs) {
      auto it = last_status.find(r.message);
      if (it != last_status.end() && it->second == 429) ++after429, again += r.status == 429;
      last_status[r.message] = r.status;
    }
    std::printf("  trace: retries after a 429: %d, of them 429 again: %d (%.1f%%)\n", after429, again,
                after429 ? 100.0 * again / after429 : 0.0);
  }

  {
    std::map<int, int> spread;  // 429s met -> conversations
    for (const auto& [name, c] : convs) ++spread[c.n429];
    std::printf("  trace: conversations by the 429s they met:");
    for (const auto& [n, k] : spread) std::printf(" %d:%d", n, k);
    std::printf("\n");
  }

  {
    // A conversation's requests can be no closer than its rate allows; how much closer than
    // that the run got says how long answers took to come back and be acted on.
    std::map<std::string, double> last_at;
    std::vector<double> gaps;
    for (const auto& r : reqs) {
      if (auto it = last_at.find(r.conversation); it != last_at.end()) gaps.push_back(r.at_s - it->second);
      last_at[r.conversation] = r.at_s;
    }
    std::sort(gaps.begin(), gaps.end());
    if (!gaps.empty())
      std::printf("  trace: gaps between a conversation's requests: min %.1f ms, 10%% %.1f ms, median %.1f ms\n",
                  1e3 * gaps.front(), 1e3 * gaps[gaps.size() / 10], 1e3 * gaps[gaps.size() / 2]);
  }

  // BENCH_TRACE_CONVERSATION=T1-C65: every request of that conversation.
  if (const char* one = std::getenv("BENCH_TRACE_CONVERSATION")) {
    std::printf("  trace: %s's requests (time, message, status)\n", one);
    for (const auto& r : reqs)
      if (r.conversation == one) std::printf("    %6.3f s  %s  %d\n", r.at_s, r.message.c_str(), r.status);
  }

  std::vector<std::pair<double, std::string>> by_finish;
  for (const auto& [name, c] : convs) by_finish.emplace_back(c.finished_s, name);
  std::sort(by_finish.rbegin(), by_finish.rend());
  std::printf("  trace: the conversations that finished last (429s met; 5xx met; times of their 429s)\n");
  for (std::size_t k = 0; k < std::min<std::size_t>(10, by_finish.size()); ++k) {
    const auto& c = convs[by_finish[k].second];
    std::printf("    %6.3f s  %-8s %d x 429, %d x 5xx:", by_finish[k].first, by_finish[k].second.c_str(), c.n429, c.n5xx);
    for (double p : c.pauses) std::printf(" %.2f", p);
    std::printf("\n");
  }
}

}  // namespace commonsbot::bench
