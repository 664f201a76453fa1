// The HTTP/1.1 server: accepts connections and runs one coroutine per connection, with a
// timeout on every read, header and body limits, keep-alive, and graceful shutdown.
#pragma once

#include "http/router.hpp"

#include <chrono>
#include <cstddef>
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
  std::size_t max_connections = 1024;  // more at once get 503 and are closed (see connection_cap)
  std::size_t max_connections_per_address = 64;  // more from one client are closed unread
  std::size_t max_requests_per_connection = 1000;  // the last one's response says Connection: close
  std::chrono::milliseconds read_timeout{10'000};       // whole request, headers and body
  std::chrono::milliseconds idle_timeout{5'000};        // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{10'000};      // whole response
  std::chrono::milliseconds handler_timeout{10'000};    // a handler that never responds gets 503
  std::chrono::milliseconds shutdown_grace{10'000};     // in-flight requests finish within this
};

class server {
 public:
  // `routes` is copied by start(): routes added before start() are served, later changes are
  // not seen. It must stay alive until start() has returned.
  server(server_options options, const router& routes);
  // Stops (see stop()) and joins. Must not run on one of the server's own threads.
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  // Binds, listens and starts the worker threads; throws std::system_error naming the
  // address if that fails. Call once.
  void start();

  // The bound port (useful when options.port was 0). Valid after start().
  std::uint16_t port() const;

  // True from a successful start() until stop() begins: the server accepts requests.
  bool running() const;

  // True while every one of max_connections is taken: a new connection would get 503.
  bool at_capacity() const;

  // Stops accepting, lets in-flight requests finish (up to shutdown_grace), closes idle
  // connections and joins the worker threads. Safe to call from any thread, and twice.
  // Called from a handler (a worker thread), it starts the shutdown and returns at once;
  // the destructor then joins.
  void stop();

  // Blocks until SIGINT or SIGTERM, then calls stop(). `on_armed` runs once the signal
  // handlers are in place (tell the world you are ready there, so an early signal still
  // stops the server cleanly); `on_signal` runs first on a signal, with its name. Returns
  // without a signal if the server is stopped another way.
  void wait_for_signal(const std::function<void(const char*)>& on_signal = {},
                       const std::function<void()>& on_armed = {});

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace commonsbot::http
