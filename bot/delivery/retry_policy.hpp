// What to do after an attempt: delivered, try again later, or give up (dead letter).
// Backoff is exponential with jitter, so a platform outage does not end in a synchronized
// stampede when it recovers; a 429's Retry-After always wins over a shorter backoff.
#pragma once

#include "http/message.hpp"

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace commonsbot::delivery {

struct retry_options {
  long long base_ms = 1'000;       // first retry after about this long
  long long max_ms = 300'000;      // no single wait longer than this
  int max_attempts = 15;           // then dead-lettered ("gave up after N attempts")
  double jitter = 0.5;             // the wait is drawn from [d * (1 - jitter), d]
};

// The result of one HTTP attempt, as the worker saw it.
struct attempt_result {
  int status = 0;                   // 0: no response (timeout, connection error)
  std::string transport_error;      // curl's message when status == 0
  bool timed_out = false;
  bool refused = false;             // never sendable as given (plain http, a malformed URL)
  bool no_adapter = false;          // not sent: no adapter is enabled for the platform
  http::header_list headers;
  std::string body;
};

enum class verdict { delivered, retry, permanent };

struct classification {
  verdict v = verdict::retry;
  std::string reason;  // short, safe to log: "http 503", "timeout", "channel_not_found"
};

// Decides delivered / retry / permanent for one response. Adapters may install their own
// per platform (worker::set_classifier); this default covers plain HTTP:
//   2xx delivered; a refused URL (plain http in production) is permanent; 408, 409, 412, 425, 429, 5xx, timeouts and connection errors retry;
//   other 4xx (401 bad auth, 403 blocked / not allowed, 404 unknown channel) are permanent.
//   A 2xx JSON body {"ok": false, "error": code} (Slack's style) is judged by the code:
//   ratelimited / internal_error / fatal_error / service_unavailable retry, the rest are
//   permanent.
using classifier = std::function<classification(const attempt_result&)>;
classification default_classify(const attempt_result& r);

// Retry-After as milliseconds: delta-seconds or an HTTP-date (relative to now_ms), else
// nullopt. Matrix's deprecated body field retry_after_ms is the caller's fallback.
std::optional<long long> parse_retry_after(std::string_view value, long long now_ms);

// The wait before attempt number `attempts + 1`, given `attempts` failures so far.
long long backoff_ms(const retry_options& o, int attempts, std::mt19937_64& rng);

}  // namespace commonsbot::delivery
