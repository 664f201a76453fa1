// A fake platform API for tests and benchmarks: a small HTTP/1.1 server on 127.0.0.1 that
// records every request and answers as told, so delivery code can be tested against 429s
// with Retry-After, 5xx, slow answers and dropped connections without the real platform.
//
//   fake_platform api;                                   // listening on a free port
//   api.queue(fake_response::too_many(1));               // the next request gets 429
//   api.on("/chat.postMessage", fake_response::error(500), 2);  // matching ones, twice
//   api.randomly(0.05, fake_response::error(503), seed);  // 5% of requests
//   ... point the adapter at api.url("/...") ...
//   api.wait_for(3);  api.requests();  api.delivered_by_key();
//
// Answers are chosen in this order: queued, pattern rules (first match), the responder (a
// function that may answer from the request itself), random rules, then the default
// (200 {"ok":true}). Beast stays in fake_platform.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::test {

struct fake_response {
  int status = 200;
  std::string body = R"({"ok":true})";
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // wait this long before answering (or dropping)
  bool drop = false;                   // close the connection without answering

  static fake_response ok(std::string body = R"({"ok":true})");
  static fake_response too_many(int retry_after_seconds);  // 429 with Retry-After
  static fake_response error(int status, std::string body = R"({"ok":false})");
  static fake_response slow(std::chrono::milliseconds delay);  // 200, late
  static fake_response dropped();
};

struct recorded_request {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::steady_clock::time_point at;  // when the request was fully read
  int status = 0;                            // what was answered; 0 if dropped

  std::string header(std::string_view name) const;  // case-insensitive; empty if absent
};

class fake_platform {
 public:
  explicit fake_platform(unsigned threads = 2);
  ~fake_platform();
  fake_platform(const fake_platform&) = delete;
  fake_platform& operator=(const fake_platform&) = delete;

  std::uint16_t port() const;
  std::string url(std::string_view path) const;  // "http://127.0.0.1:<port><path>"

  void queue(fake_response r, int times = 1);
  void on(std::string pattern, fake_response r, int times = -1);  // target contains pattern; -1: always
  void randomly(double probability, fake_response r, std::uint64_t seed = 1);
  void set_default(fake_response r);
  // Answers that depend on the request (a token endpoint, ids made per call); nullopt passes
  // the request on to the random rules and the default. Called on the server's threads.
  using responder = std::function<std::optional<fake_response>(const recorded_request&)>;
  void set_responder(responder r);

  std::vector<recorded_request> requests() const;
  std::size_t count() const;
  // True once at least `n` requests have been recorded.
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;
  // 2xx answers per Idempotency-Key header: a value above 1 is a duplicate delivery.
  std::map<std::string, int> delivered_by_key() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace commonsbot::test
