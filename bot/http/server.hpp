// The HTTP/1.1 server: accepts connections and runs one coroutine per connection, with a
// timeout on every read, header and body limits, keep-alive, and graceful shutdown.
#pragma once

#include "http/router.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace commonsbot::http {

struct server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;          // 0 picks a free port (see server::port)
  unsigned threads = 2;
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 256 * 1024;
  std::chrono::milliseconds read_timeout{10'000};       // whole request, headers and body
  std::chrono::milliseconds idle_timeout{30'000};       // keep-alive wait for the next request
  std::chrono::milliseconds handler_timeout{10'000};    // a handler that never responds gets 503
  std::chrono::milliseconds shutdown_grace{10'000};     // in-flight requests finish within this
};

class server {
 public:
  server(server_options options, const router& routes);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds and listens; throws std::system_error naming the address if that fails.
  void start();

  // The bound port (useful when options.port was 0). Valid after start().
  std::uint16_t port() const;

  // True while the acceptor and worker threads run.
  bool running() const;

  // Stops accepting, lets in-flight requests finish (up to shutdown_grace), closes idle
  // connections and joins the worker threads. Safe to call from any thread, and twice.
  void stop();

  // Blocks until SIGINT or SIGTERM, then calls stop(). `on_signal` runs first, with the
  // signal's name.
  void wait_for_signal(const std::function<void(const char*)>& on_signal = {});

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace commonsbot::http
