// Blocking HTTP helpers for tests: a small client (one-shot or keep-alive) and a raw socket
// for sending arbitrary bytes. Every call has a timeout, so a server bug fails a test
// instead of hanging it. Beast stays in http_client.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::test {

// The Content-Type of an HTML form post (Slack's slash commands and interactivity).
inline constexpr const char* form_urlencoded = "application/x-www-form-urlencoded";

using header_list = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::chrono::milliseconds default_http_timeout{5'000};

struct http_result {
  int status = 0;     // 0 when no response was read; `error` says why
  std::string error;  // empty when a response was read
  header_list headers;
  std::string body;

  // First header named `name` (case-insensitive), or empty.
  std::string header(std::string_view name) const;
};

// One request on a fresh connection to 127.0.0.1:port, which is then closed.
http_result request(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& body = {}, const header_list& headers = {},
                    std::chrono::milliseconds timeout = default_http_timeout);
http_result get(std::uint16_t port, const std::string& target, const header_list& headers = {},
                std::chrono::milliseconds timeout = default_http_timeout);
// Content-Type defaults to application/json unless `headers` sets one.
http_result post(std::uint16_t port, const std::string& target, const std::string& body,
                 const header_list& headers = {},
                 std::chrono::milliseconds timeout = default_http_timeout);

// One keep-alive connection for several requests, in order. Not thread-safe.
class http_connection {
 public:
  explicit http_connection(std::uint16_t port, std::chrono::milliseconds timeout = default_http_timeout);
  ~http_connection();
  http_connection(const http_connection&) = delete;
  http_connection& operator=(const http_connection&) = delete;

  // Empty if connected, else why not.
  const std::string& connect_error() const;

  http_result request(const std::string& method, const std::string& target,
                      const std::string& body = {}, const header_list& headers = {});
  http_result get(const std::string& target, const header_list& headers = {});

  // True if the server closes the connection within `timeout`.
  bool wait_closed(std::chrono::milliseconds timeout);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// A plain TCP connection to 127.0.0.1:port: send any bytes, read what comes back.
class raw_connection {
 public:
  // Throws std::system_error if it cannot connect. `from`: the local IPv4 address to connect
  // from (any of 127.0.0.0/8 is loopback), so a test can be two clients; empty: the default.
  explicit raw_connection(std::uint16_t port, const std::string& from = {});
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  // Sends all of `bytes`; false if the peer closed or reset the connection.
  bool send(std::string_view bytes);

  // Reads one HTTP response (head, then a Content-Length body if any); empty on timeout or
  // if the peer closed first. Bytes after it are kept for the next call.
  std::string read_response(std::chrono::milliseconds timeout = default_http_timeout);

  // Reads until the peer closes the connection or `timeout` passes; returns what arrived.
  // `closed` tells which of the two happened.
  std::string read_until_closed(std::chrono::milliseconds timeout, bool* closed = nullptr);

  // True if the peer closes (or resets) the connection within `timeout`.
  bool wait_closed(std::chrono::milliseconds timeout);

  void close();

 private:
  // Appends what is available within `timeout`; false once the peer has closed.
  bool read_some(std::chrono::milliseconds timeout, bool& timed_out);

  int fd_ = -1;
  bool peer_closed_ = false;
  std::string pending_;
};

// The status code in the first line of a raw HTTP response ("HTTP/1.1 413 ..."), or 0.
int status_of(std::string_view raw_response);

// The open file descriptors of this process, counted in /proc/self/fd.
std::size_t open_fd_count();

}  // namespace commonsbot::test
