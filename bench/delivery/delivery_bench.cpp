// delivery_bench: N messages (default 10,000) through the fake platform API with 5% 429s
// (Retry-After: 1) and 5% 5xx injected, run several times with a fresh fault stream each
// time. Checks that every message was delivered exactly once (by Idempotency-Key at the
// fake API) and compares each run's wall time with what the configured rate limits allow
// (bound.hpp and chain_bound.hpp say how that is worked out); the summary gives the median
// and the worst run, since a single run's ratio depends on which conversations its faults
// happened to hit. BENCH_TRACE=1 also shows where the tail goes (trace.hpp).
//
//   build-delivery/bench/delivery/delivery_bench [messages] [tenants] [channels_per_tenant] [tenant_rps] [runs]
//   (no arguments: 2 tenants x 100 channels, then the fan-out 2 x 5,000, five runs each)
//   BENCH_HISTOGRAM=1: requests per second; BENCH_TRACE=1 [BENCH_TRACE_CONVERSATION=T1-C65]: the tail
#include "bound.hpp"
#include "chain_bound.hpp"
#include "summary.hpp"
#include "trace.hpp"
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "delivery/worker.hpp"
#include "log/log.hpp"
#include "store/json_file_store.hpp"
#include "support/fake_platform.hpp"
#include "support/temp_dir.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <thread>
#include <vector>

using namespace commonsbot;

namespace {

constexpr double injected_429 = 0.05;
constexpr int retry_after_s = 1;
constexpr double injected_5xx = 0.05;
constexpr int batch_size = 100;  // entries per enqueue transaction
constexpr double conversation_rps = 20.0;
constexpr int concurrency = 64;

class bench_adapter final : public adapters::adapter {
 public:
  explicit bench_adapter(std::string base) : base_(std::move(base)) {}
  std::string_view platform() const override { return "bench"; }
  std::vector<adapters::outbound_request> render(const core::message& m, const core::conversation_ref& to) const override {
    adapters::outbound_request r;
    r.method = "PUT";
    // The tenant is in the path so the bound can tell T0's C1 from T1's.
    r.url = base_ + "/send/" + to.tenant + "-" + to.conversation_id + "/{idempotency_key}";
    r.headers = {{"Content-Type", "application/json"}};
    r.body = nlohmann::json{{"text", m.text}}.dump();
    return {r};
  }

 private:
  std::string base_;
};

constexpr std::uint64_t first_seed = 42;  // run i draws from 42 + i and 43 + i, as delivery_sim's seed offset i

struct workload {
  int messages = 10'000;
  int tenants = 2;
  int channels = 100;
  double tenant_rps = 500.0;
};

struct run_result {
  bool ok = false;  // every message delivered once, outbox empty
  double elapsed_s = 0;
  double faults_s = 0;  // the bound the 10% target is checked against
  double ratio() const { return elapsed_s / faults_s; }
};

// One run: a fresh store and fake API whose faults are drawn from `seed` (429s) and
// `seed + 1` (5xx). Prints its figures.
run_result run_once(const workload& wl, std::uint64_t seed) {
  const int messages = wl.messages;
  const int tenants = wl.tenants;
  const int channels = wl.channels;
  const double tenant_rps = wl.tenant_rps;

  test::fake_platform api(2);
  api.randomly(injected_429, test::fake_response::too_many(retry_after_s), seed);
  // Of the requests the first rule lets through, this share gets a 5xx: 5% overall.
  api.randomly(injected_5xx / (1.0 - injected_429), test::fake_response::error(503), seed + 1);

  test::temp_dir dir("commonsbot-delivery-bench");
  store::options sopts;
  sopts.dir = (dir / "data").string();
  sopts.sync = store::sync_mode::interval;
  auto opened = store::json_file_store::open(sopts);
  if (!opened.st) {
    std::fprintf(stderr, "cannot open store: %s\n", opened.st.to_string().c_str());
    return {};
  }
  auto& db = *opened.store;

  const long long now = core::to_epoch_ms(std::chrono::system_clock::now());
  for (int i = 0; i < messages; i += batch_size) {
    store::transaction txn;
    for (int j = i; j < std::min(messages, i + batch_size); ++j) {
      const int tenant = j % tenants;
      const int channel = (j / tenants) % channels;
      core::conversation_ref to{"bench", "T" + std::to_string(tenant), "C" + std::to_string(channel), "U", "", "", ""};
      core::message m;
      m.text = "message " + std::to_string(j);
      delivery::enqueue(txn, to, m, now);
    }
    if (!db.commit(std::move(txn))) return {};
  }

  delivery::worker_options o;
  o.concurrency = concurrency;
  o.transport.allow_plain_http = true;
  o.retry.base_ms = 50;
  o.retry.max_ms = 2'000;
  o.retry.max_attempts = 20;
  delivery::platform_limits limits;
  limits.tenant = {tenant_rps, 1};
  limits.conversation = {conversation_rps, 1};
  limits.pause_tenant_on_429 = false;
  o.limits["bench"] = limits;

  bench_adapter adapter(api.url(""));
  core::system_clock clock;
  delivery::worker w(db, [&](std::string_view) { return &adapter; }, clock, o);
  const auto start = std::chrono::steady_clock::now();
  w.start();
  while (db.count(core::collections::outbox) > 0 && db.count(delivery::dead_letters_collection) == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  w.stop();

  const auto reqs = api.requests();
  int n429 = 0;
  int n5xx = 0;
  for (const auto& r : reqs) {
    n429 += r.status == 429;
    n5xx += r.status >= 500;
  }
  if (std::getenv("BENCH_HISTOGRAM") && !reqs.empty()) {
    std::map<long long, int> per_second;
    for (const auto& r : reqs) ++per_second[std::chrono::duration_cast<std::chrono::seconds>(r.at - reqs.front().at).count()];
    for (const auto& [sec, n] : per_second) std::printf("  second %2lld: %d requests\n", sec, n);
  }
  const auto delivered = api.delivered_by_key();
  int twice = 0;
  for (const auto& [key, n] : delivered) twice += n > 1;
  const auto& st = w.stats();

  std::vector<bench::sent_request> sent;
  for (const auto& r : reqs) {
    const auto from = r.target.find("/send/") + 6;
    const std::string conv = r.target.substr(from, r.target.find('/', from) - from);
    sent.push_back({conv.substr(0, conv.find('-')), conv, r.header("Idempotency-Key"), r.status});
  }
  const bench::rate conversation_rate{limits.conversation.rate_per_second, limits.conversation.burst};
  const auto b = bench::compute_bound(sent, {limits.platform.rate_per_second, limits.platform.burst},
                                      {limits.tenant.rate_per_second, limits.tenant.burst}, conversation_rate, retry_after_s);
  const double once = std::max(0.0, std::ceil(static_cast<double>(messages) / tenants) - limits.tenant.burst) / tenant_rps;

  std::printf("run with fault seeds %llu and %llu\n", static_cast<unsigned long long>(seed),
              static_cast<unsigned long long>(seed + 1));
  std::printf("  requests           %zu (429: %d = %.1f%%, 5xx: %d = %.1f%%)\n", reqs.size(), n429,
              100.0 * n429 / static_cast<double>(reqs.size()), n5xx, 100.0 * n5xx / static_cast<double>(reqs.size()));
  std::printf("  delivered          %zu distinct keys, %d delivered twice, dead letters %zu, outbox left %zu\n",
              delivered.size(), twice, db.count(delivery::dead_letters_collection), db.count(core::collections::outbox));
  std::printf("  stats              sent %llu, retried %llu, failed %llu\n", static_cast<unsigned long long>(st.sent.load()),
              static_cast<unsigned long long>(st.retried.load()), static_cast<unsigned long long>(st.failed.load()));
  std::printf("  limits alone       %6.2f s  %s (429s and 5xx take a token too) at %.0f/s after a burst of %.0f\n",
              b.limits_s, b.limits_by.c_str(), b.limits_by.starts_with("tenant") ? tenant_rps : limits.conversation.rate_per_second,
              b.limits_by.starts_with("tenant") ? limits.tenant.burst : limits.conversation.burst);
  std::printf("                              (each message sent once, no faults: %.2f s)\n", once);
  std::printf("  + Retry-After      %6.2f s  %s\n", b.retry_after_s, b.retry_after_by.c_str());
  std::printf("  faults in place    %6.2f s  %s (a 429's retry a Retry-After after it, where nothing else is ready the bucket idles)\n",
              b.faults_s, b.faults_by.c_str());
  std::printf("  start-up           %6.2f s  before the first request (the worker reads the outbox)\n",
              reqs.empty() ? 0.0 : std::chrono::duration<double>(reqs.front().at - start).count());
  std::printf("  replay             %6.2f s  this run's requests in the order sent, each as early as limits and Retry-After allow\n",
              b.replay_s);
  const bench::rate tenant_rate{limits.tenant.rate_per_second, limits.tenant.burst};
  const double chains = bench::chains_bound(sent, {limits.platform.rate_per_second, limits.platform.burst}, tenant_rate,
                                            conversation_rate, retry_after_s);
  std::printf("  chains             %6.2f s  each conversation's faults fixed to its own requests (chain_bound.hpp); "
              "a schedule that knew them: %.2f s\n",
              chains, bench::jackson_schedule(sent, tenant_rate, conversation_rate, retry_after_s));
  const double ratio = elapsed / b.faults_s;
  std::printf("  elapsed            %6.2f s  %.3f x limits alone; %.3f x + Retry-After; %.3f x faults in place (the bound): "
              "%s 10%%; %.3f x replay (overhead)\n",
              elapsed, elapsed / b.limits_s, elapsed / b.retry_after_s, ratio, ratio <= bench::within_ratio ? "within" : "NOT within",
              elapsed / b.replay_s);
  std::printf("                              %.3f x chains (the price of not knowing which conversations the faults will hit)\n",
              elapsed / chains);
  if (std::getenv("BENCH_TRACE")) {
    std::vector<bench::traced_request> traced;
    for (std::size_t k = 0; k < reqs.size(); ++k)
      traced.push_back({std::chrono::duration<double>(reqs[k].at - reqs.front().at).count(), sent[k].tenant,
                        sent[k].conversation, sent[k].message, sent[k].status});
    bench::print_trace(traced, std::max(1, messages / (tenants * channels)), b.limits_s - 2.0, retry_after_s);
  }
  const bool ok = static_cast<int>(delivered.size()) == messages && twice == 0 && db.count(core::collections::outbox) == 0;
  std::printf("  result             %s\n\n", ok ? "all delivered, none twice" : "FAILED");
  db.close();
  return {ok, elapsed, b.faults_s};
}

// Runs one shape `runs` times and prints the summary; false if any run lost or repeated a
// message. A run that failed counts as not within 10%.
bool run_shape(const workload& wl, int runs) {
  std::printf("delivery_bench: %d messages, %d tenants x %d channels, %.0f req/s per tenant (burst 1), "
              "%.0f req/s per conversation (burst 1), concurrency %d, %d runs\n\n",
              wl.messages, wl.tenants, wl.channels, wl.tenant_rps, conversation_rps, concurrency, runs);
  std::vector<double> ratios;
  bool all_ok = true;
  for (int i = 0; i < runs; ++i) {
    const auto r = run_once(wl, first_seed + static_cast<std::uint64_t>(i));
    all_ok = all_ok && r.ok;
    ratios.push_back(r.ok && r.faults_s > 0 ? r.ratio() : std::numeric_limits<double>::infinity());
  }
  std::printf("summary (%d x %d channels): elapsed / faults in place, run by run:", wl.tenants, wl.channels);
  for (double r : ratios) std::printf(" %.3f", r);
  const double median = bench::median(ratios);
  std::printf("\n  median %.3f x: %s 10%%; worst %.3f x; %lld of %d runs within 10%%\n", median,
              median <= bench::within_ratio ? "within" : "NOT within", *std::max_element(ratios.begin(), ratios.end()),
              bench::count_within(ratios), runs);
  std::printf("  %s\n\n", all_ok ? "every run: all delivered, none twice" : "FAILED: a run lost or repeated a message");
  return all_ok;
}

}  // namespace

// With no arguments: both shapes, the channels (2 x 100, 50 messages each) and a digest's
// fan-out (2 x 5,000 DMs, one each).
int main(int argc, char** argv) {
  workload wl;
  if (argc > 1) wl.messages = std::atoi(argv[1]);
  if (argc > 2) wl.tenants = std::atoi(argv[2]);
  if (argc > 3) wl.channels = std::atoi(argv[3]);
  if (argc > 4) wl.tenant_rps = std::atof(argv[4]);
  const int runs = argc > 5 ? std::atoi(argv[5]) : 5;
  if (wl.messages < 1 || wl.tenants < 1 || wl.channels < 1 || wl.tenant_rps <= 0 || runs < 1) {
    std::fprintf(stderr, "usage: delivery_bench [messages] [tenants] [channels_per_tenant] [tenant_rps] [runs]\n");
    return 2;
  }
  log::set_level(log::level::warn);
  bool ok = run_shape(wl, runs);
  if (argc <= 3) {
    wl.channels = 5'000;
    ok = run_shape(wl, runs) && ok;
  }
  return ok ? 0 : 1;
}
