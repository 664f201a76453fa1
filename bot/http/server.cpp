// The listener, the worker threads and the shutdown sequence. Sessions are in session.cpp.
#include "http/server.hpp"

#include "http/limits.hpp"
#include "http/session.hpp"
#include "log/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <exception>
#include <future>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

namespace commonsbot::http {

using detail::admission;
using detail::connection;
using detail::server_state;
using detail::verdict;
namespace net = detail::net;
namespace beast = detail::beast;
using tcp = detail::tcp;

bool server_state::shutting_down() {
  std::lock_guard lock(mutex);
  return stopping;
}

admission server_state::admit(const std::shared_ptr<connection>& conn) {
  std::lock_guard lock(mutex);
  if (stopping) return {verdict::drop};
  const auto known = clients.find(conn->client);
  if (known != clients.end() && known->second.connections >= options.max_connections_per_address)
    return {verdict::address_full, ++known->second.refusals};
  if (serving < options.max_connections) {
    ++serving;
    ++clients[conn->client].connections;
  } else if (rejecting < limits::max_rejecting) {
    ++rejecting;
    conn->rejected = true;
  } else {
    return {verdict::drop};
  }
  conn->registry_pos = connections.insert(connections.end(), conn);
  return {conn->rejected ? verdict::overloaded : verdict::serve};
}

std::size_t server_state::release(connection& conn) {
  std::lock_guard lock(mutex);
  connections.erase(conn.registry_pos);
  std::size_t refusals = 0;
  if (conn.rejected) {
    --rejecting;
  } else {
    --serving;
    const auto share = clients.find(conn.client);
    if (--share->second.connections == 0) {
      refusals = share->second.refusals;
      clients.erase(share);
    }
  }
  if (connections.empty()) drained.notify_all();
  return refusals;
}

bool server_state::at_capacity() {
  std::lock_guard lock(mutex);
  return serving >= options.max_connections;
}

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

// Set on worker threads, so that stop() can tell it must not join its own thread.
thread_local const void* worker_of = nullptr;

void log_exception(std::string_view event, const std::exception_ptr& e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    log::error(event).kv("error", ex.what());
  } catch (...) {
    log::error(event).kv("error", "unknown");
  }
}

// What max_connections_per_address counts by: the IPv4 address (an IPv4-mapped IPv6 one is
// the same client), or the /64 network of an IPv6 address, since one host usually holds a
// whole /64 and could otherwise take a fresh address for every connection.
net::ip::address client_of(const net::ip::address& peer) {
  if (!peer.is_v6()) return peer;
  const auto v6 = peer.to_v6();
  if (v6.is_v4_mapped()) return net::ip::make_address_v4(net::ip::v4_mapped, v6);
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return net::ip::address_v6(bytes);
}

net::awaitable<void> accept_loop(net::io_context& ioc, tcp::acceptor& acceptor,
                                 std::shared_ptr<server_state> state) {
  net::steady_timer backoff(acceptor.get_executor());
  for (;;) {
    // Each connection gets its own strand: its session needs no locks.
    auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), use_tuple);
    if (ec == net::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Typically EMFILE: retrying at once would spin.
      log::warn("http.accept_failed").kv("error", ec.message());
      backoff.expires_after(limits::accept_backoff);
      co_await backoff.async_wait(use_tuple);
      continue;
    }
    beast::error_code ec_peer;
    const auto peer = socket.remote_endpoint(ec_peer);
    if (ec_peer) continue;  // gone already; the socket closes here
    auto conn = std::make_shared<connection>(tcp::socket(std::move(socket)), client_of(peer.address()));
    const auto [decision, refusals] = state->admit(conn);
    if (decision == verdict::address_full) {
      // The first refusal of a client is a warning, the rest are counted and summed up when
      // its last connection ends: a flood must not become a flood of log lines.
      (refusals == 1 ? log::warn("http.address_full") : log::debug("http.address_full"))
          .kv("client", conn->client.to_string())
          .kv("max_connections_per_address", state->options.max_connections_per_address);
    }
    if (decision == verdict::address_full || decision == verdict::drop) {
      beast::error_code ignored;
      conn->stream.socket().close(ignored);
      continue;
    }
    net::co_spawn(conn->stream.get_executor(), detail::run_session(conn, state),
                  [state, conn](const std::exception_ptr& e) {
                    log_exception("http.session_failed", e);
                    if (const auto refused = state->release(*conn))
                      log::warn("http.address_refused").kv("client", conn->client.to_string()).kv("refused", refused);
                  });
  }
}

}  // namespace

struct server::impl {
  impl(server_options options, const router& r)
      : routes(&r), state(std::make_shared<server_state>(std::move(options))),
        ioc(static_cast<int>(worker_count())) {}

  unsigned worker_count() const { return std::max(1u, state->options.threads); }
  void stop();
  bool wait_drained(std::chrono::milliseconds timeout);
  std::vector<std::shared_ptr<connection>> live_connections();

  const router* routes;  // the owner's router, copied by start()
  // Declared before the I/O objects: coroutine frames destroyed with `ioc` may refer to it.
  std::shared_ptr<server_state> state;
  net::io_context ioc;
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::signal_set signals{net::make_strand(ioc)};
  std::vector<std::thread> workers;
  std::uint16_t bound_port = 0;
  std::atomic<bool> accepting{false};

  std::mutex stop_mutex;  // one stop() at a time; guards `started` and `stopped`
  bool started = false;
  bool stopped = false;
  std::mutex stopper_mutex;
  std::thread stopper;  // runs stop() when a handler asked for it on a worker thread

  std::mutex signal_mutex;  // guards the two fields below
  std::condition_variable signal_cv;
  int caught_signal = 0;
  bool signal_wait_over = false;
};

std::vector<std::shared_ptr<connection>> server::impl::live_connections() {
  std::vector<std::shared_ptr<connection>> live;
  std::lock_guard lock(state->mutex);
  for (const auto& weak : state->connections)
    if (auto conn = weak.lock()) live.push_back(std::move(conn));
  return live;
}

bool server::impl::wait_drained(std::chrono::milliseconds timeout) {
  std::unique_lock lock(state->mutex);
  return state->drained.wait_for(lock, timeout, [this] { return state->connections.empty(); });
}

void server::impl::stop() {
  accepting = false;  // at once, even when the work below happens on another thread
  if (worker_of == this) {
    // Joining the workers from one of them would wait forever: let another thread do it.
    std::lock_guard lock(stopper_mutex);
    if (!stopper.joinable()) stopper = std::thread([this] { stop(); });
    return;
  }
  std::lock_guard guard(stop_mutex);
  if (!started || stopped) return;
  const auto begun = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(state->mutex);
    state->stopping = true;
  }
  // Close the listening socket before returning, so that new clients are refused at once.
  std::promise<void> closed;
  net::post(acceptor.get_executor(), [this, &closed] {
    beast::error_code ignored;
    acceptor.close(ignored);
    closed.set_value();
  });
  closed.get_future().wait();
  net::post(signals.get_executor(), [this] {
    beast::error_code ignored;
    signals.cancel(ignored);
  });

  for (auto& conn : live_connections())
    net::post(conn->stream.get_executor(), [conn] { conn->begin_shutdown(); });
  const bool graceful = wait_drained(state->options.shutdown_grace);
  if (!graceful) {
    const auto rest = live_connections();
    log::warn("http.shutdown_forced").kv("connections", rest.size());
    for (const auto& conn : rest) net::post(conn->stream.get_executor(), [conn] { conn->abort(); });
    if (!wait_drained(limits::abort_wait)) log::error("http.shutdown_stuck");
  }
  // Every connection has finished (or was abandoned): nothing else needs to run.
  ioc.stop();
  for (auto& worker : workers) worker.join();
  workers.clear();
  {
    std::unique_lock gate(state->reply_gate);
    state->replies_open = false;
  }
  stopped = true;
  {
    std::lock_guard lock(signal_mutex);
    signal_wait_over = true;
  }
  signal_cv.notify_all();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begun).count();
  log::info("http.stopped").kv("ms", ms).kv("graceful", graceful);
}

server::server(server_options options, const router& routes)
    : impl_(std::make_unique<impl>(std::move(options), routes)) {}

server::~server() {
  impl_->stop();
  std::lock_guard lock(impl_->stopper_mutex);
  if (impl_->stopper.joinable()) impl_->stopper.join();
}

void server::start() {
  impl& m = *impl_;
  std::lock_guard guard(m.stop_mutex);
  if (m.started) throw std::logic_error("http::server::start called twice");
  const server_options& opt = m.state->options;
  const std::string where = opt.address + ":" + std::to_string(opt.port);
  beast::error_code ec;
  const auto address = net::ip::make_address(opt.address, ec);
  if (ec) throw std::system_error(ec, "http: bad listen address " + where);
  const tcp::endpoint endpoint(address, opt.port);
  auto fail_if = [&](const char* what) {
    if (ec) throw std::system_error(ec, std::string("http: cannot ") + what + " " + where);
  };
  m.acceptor.open(endpoint.protocol(), ec);
  fail_if("open");
  m.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  fail_if("configure");
  m.acceptor.bind(endpoint, ec);
  fail_if("bind");
  m.acceptor.listen(net::socket_base::max_listen_connections, ec);
  fail_if("listen on");
  m.bound_port = m.acceptor.local_endpoint(ec).port();
  fail_if("read the port of");
  // Copied once: sessions read it from several threads, so it must not change under them.
  m.state->routes = *m.routes;

  net::co_spawn(m.acceptor.get_executor(), accept_loop(m.ioc, m.acceptor, m.state),
                [](const std::exception_ptr& e) { log_exception("http.listener_failed", e); });
  for (unsigned i = 0; i < m.worker_count(); ++i) {
    m.workers.emplace_back([&m] {
      worker_of = &m;
      for (;;) {
        try {
          m.ioc.run();
          return;
        } catch (const std::exception& e) {
          // Handlers catch their own errors; this is a last line so a worker never dies.
          log::error("http.worker_failed").kv("error", e.what());
        }
      }
    });
  }
  m.started = true;
  m.accepting = true;
  log::info("http.listening").kv("address", opt.address).kv("port", m.bound_port)
      .kv("threads", m.worker_count()).kv("max_connections", opt.max_connections)
      .kv("max_connections_per_address", opt.max_connections_per_address);
}

std::uint16_t server::port() const { return impl_->bound_port; }

bool server::running() const { return impl_->accepting; }

bool server::at_capacity() const { return impl_->state->at_capacity(); }

void server::stop() { impl_->stop(); }

void server::wait_for_signal(const std::function<void(const char*)>& on_signal,
                             const std::function<void()>& on_armed) {
  impl& m = *impl_;
  {
    std::lock_guard guard(m.stop_mutex);
    if (!m.started) throw std::logic_error("http::server::wait_for_signal before start");
  }
  // Shared with the posted handler, which never runs if the server stops first.
  auto armed = std::make_shared<bool>(false);
  net::post(m.signals.get_executor(), [&m, armed] {
    beast::error_code ignored;
    m.signals.add(SIGINT, ignored);
    m.signals.add(SIGTERM, ignored);
    {
      std::lock_guard lock(m.signal_mutex);
      *armed = true;
    }
    m.signal_cv.notify_all();
    m.signals.async_wait([&m](const beast::error_code& ec, int signal_number) {
      {
        std::lock_guard lock(m.signal_mutex);
        if (!ec) m.caught_signal = signal_number;
        m.signal_wait_over = true;
      }
      m.signal_cv.notify_all();
    });
  });
  bool ready = false;
  {
    std::unique_lock lock(m.signal_mutex);
    m.signal_cv.wait(lock, [&m, &armed] { return *armed || m.signal_wait_over; });
    ready = *armed;
  }
  if (ready && on_armed) on_armed();
  int caught = 0;
  {
    std::unique_lock lock(m.signal_mutex);
    m.signal_cv.wait(lock, [&m] { return m.signal_wait_over; });
    caught = m.caught_signal;
  }
  if (caught == 0) return;
  log::info("http.signal").kv("signal", caught == SIGINT ? "SIGINT" : "SIGTERM");
  if (on_signal) on_signal(caught == SIGINT ? "SIGINT" : "SIGTERM");
  stop();
}

}  // namespace commonsbot::http
