// The delivery worker's HTTP client: libcurl's multi interface, many transfers at once on
// one thread, connections kept and reused between requests (HTTP/2 multiplexed where the
// server offers it over TLS), TLS verification always on, connect and total timeouts.
// libcurl stays in curl_transport.cpp.
#pragma once

#include "adapters/adapter.hpp"
#include "delivery/retry_policy.hpp"

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace commonsbot::delivery {

struct transport_options {
  long connect_timeout_ms = 5'000;
  long total_timeout_ms = 15'000;
  long max_host_connections = 16;      // per host, shared by all transfers to it
  bool allow_plain_http = false;       // tests and the bench talk http to loopback
  std::size_t max_response_bytes = 64 * 1024;  // enough for any error body; memory stays flat
};

class curl_transport {
 public:
  explicit curl_transport(transport_options o);
  ~curl_transport();
  curl_transport(const curl_transport&) = delete;
  curl_transport& operator=(const curl_transport&) = delete;

  // Starts one request; its result comes back from take_completed() under `token`.
  void start(std::uint64_t token, const adapters::outbound_request& r);

  // Moves transfers along, waiting up to `timeout_ms` for network activity or wakeup().
  void poll(int timeout_ms);

  std::vector<std::pair<std::uint64_t, attempt_result>> take_completed();

  // Ends a poll() early. Thread-safe.
  void wakeup();

  std::size_t active() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace commonsbot::delivery
