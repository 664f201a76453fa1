// One connection, one coroutine, on the connection's own strand: wait for a request, read it
// under a deadline, hand the plain request to the router, wait (without blocking a thread)
// for the responder, write the response, and go round again while keep-alive holds.
#include "http/session.hpp"

#include "http/limits.hpp"
#include "http/request_id.hpp"
#include "http/wire.hpp"
#include "log/log.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>

namespace commonsbot::http::detail {
namespace {

namespace bhttp = beast::http;
using clock = std::chrono::steady_clock;

// Expected failures (peer gone, timeout, shutdown) come back as values, not exceptions.
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

// How a request ended, which decides what happens to the connection.
enum class next { keep_open, close, drop };

std::string remote_of(const beast::tcp_stream& stream) {
  beast::error_code ec;
  const auto ep = stream.socket().remote_endpoint(ec);
  if (ec) return "-";
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

// Carries a handler's response from whichever thread calls the responder to the session's
// strand. Shared by the session and every copy of the responder.
struct reply_channel {
  reply_channel(std::shared_ptr<server_state> s, connection& c, std::string id)
      : state(std::move(s)), conn(&c), request_id(std::move(id)), executor(c.stream.get_executor()) {}

  const std::shared_ptr<server_state> state;
  connection* const conn;  // dereferenced only on the strand while `waiting`
  const std::string request_id;
  std::atomic<bool> answered{false};  // the responder ran (or the handler threw first)

  std::mutex mutex;
  std::optional<net::any_io_executor> executor;  // guarded by mutex; gone once the session moves on

  bool waiting = true;            // strand
  std::optional<response> reply;  // strand
};

void deliver(const std::shared_ptr<reply_channel>& ch, response r) {
  std::shared_lock gate(ch->state->reply_gate);
  if (!ch->state->replies_open) return;
  std::lock_guard lock(ch->mutex);
  if (!ch->executor) {
    log::debug("http.late_reply").kv("request_id", ch->request_id);
    return;
  }
  net::post(*ch->executor, [ch, r = std::move(r)]() mutable {
    if (!ch->waiting) return;  // the session already answered 503 or was aborted
    ch->reply = std::move(r);
    ch->conn->reply_timer.cancel();
  });
}

responder make_responder(std::shared_ptr<reply_channel> ch) {
  return [ch = std::move(ch)](response r) {
    if (ch->answered.exchange(true)) {
      log::warn("http.responder_called_twice").kv("request_id", ch->request_id);
      return;
    }
    deliver(ch, std::move(r));
  };
}

// However the session leaves a request (reply, timeout, abort, frame destroyed), replies
// for it stop being accepted.
struct channel_closer {
  reply_channel& ch;
  ~channel_closer() {
    ch.waiting = false;
    std::lock_guard lock(ch.mutex);
    ch.executor.reset();
  }
};

// Makes a deferred reply here, on the strand; a `make` that throws is answered like a
// handler that throws.
response made_here(response r, const std::string& request_id) {
  if (!r.make) return r;
  try {
    return settle(std::move(r));
  } catch (const std::exception& e) {
    log::error("http.handler_failed").kv("request_id", request_id).kv("error", e.what());
  } catch (...) {
    log::error("http.handler_failed").kv("request_id", request_id).kv("error", "unknown");
  }
  return response::json_error(500, "internal_error", "The request could not be handled");
}

// Calls the router and waits for the reply; none if the connection was aborted meanwhile.
net::awaitable<std::optional<response>> call_handler(connection& conn,
                                                     std::shared_ptr<server_state> state,
                                                     request req) {
  auto ch = std::make_shared<reply_channel>(state, conn, req.request_id);
  channel_closer closer{*ch};
  try {
    state->routes.dispatch(std::move(req), make_responder(ch));
  } catch (const std::exception& e) {
    log::error("http.handler_failed").kv("request_id", ch->request_id).kv("error", e.what());
    if (!ch->answered.exchange(true))
      ch->reply = response::json_error(500, "internal_error", "The request could not be handled");
  } catch (...) {
    log::error("http.handler_failed").kv("request_id", ch->request_id).kv("error", "unknown");
    if (!ch->answered.exchange(true))
      ch->reply = response::json_error(500, "internal_error", "The request could not be handled");
  }
  if (!ch->reply) {
    // A responder posts its reply to this strand and cancels the timer, which wakes us.
    conn.reply_timer.expires_after(state->options.handler_timeout);
    co_await conn.reply_timer.async_wait(use_tuple);
  }
  if (ch->reply) co_return made_here(std::move(*ch->reply), ch->request_id);
  if (conn.aborted) co_return std::nullopt;
  log::warn("http.handler_timeout").kv("request_id", ch->request_id);
  auto res = response::json_error(503, "handler_timeout", "The request took too long to handle");
  res.headers.emplace_back("Retry-After", "1");
  co_return res;
}

// Writes `r`; returns false if the write failed.
net::awaitable<bool> write_response(connection& conn, const server_options& opt, response r,
                                    const std::string& request_id, bool keep_alive) {
  auto res = to_beast(std::move(r), request_id, keep_alive);
  conn.stream.expires_after(opt.write_timeout);
  auto [ec, n] = co_await bhttp::async_write(conn.stream, res, use_tuple);
  co_return !ec;
}

// `failure` is empty when the response was written, else what went wrong.
void log_request(std::string_view method, std::string_view path, int status,
                 clock::time_point started, const std::string& request_id,
                 const std::string& remote, std::string_view failure) {
  const double ms = std::chrono::duration<double, std::milli>(clock::now() - started).count();
  auto line = status >= 500 ? log::warn("http.request") : log::info("http.request");
  line.kv("method", method.empty() ? "-" : method)
      .kv("path", path.empty() ? "-" : path.substr(0, limits::max_logged_path))
      .kv("status", status)
      .kv("ms", ms)
      .kv("request_id", request_id)
      .kv("remote", remote);
  if (!failure.empty()) line.kv("failure", failure);
}

// Reads one request from `buffer` and the stream, serves it, and says what to do next.
// `last`: the connection has served its max_requests_per_connection with this one.
net::awaitable<next> serve_request(std::shared_ptr<connection> conn,
                                   std::shared_ptr<server_state> state,
                                   beast::flat_buffer& buffer, const std::string& remote, bool last) {
  const server_options& opt = state->options;
  const auto started = clock::now();

  // A fresh parser per message: limits and state never leak from one request to the next.
  request_parser parser;
  apply_limits(parser, opt);

  auto [ec, n] = co_await bhttp::async_read_header(conn->stream, buffer, parser, use_tuple);
  const auto& msg = parser.get();
  std::optional<response> refusal = refusal_after_header(ec, parser, opt);
  if (!ec && !refusal && expects_continue(parser)) {
    // The client waits for this before sending its body (curl does, for larger bodies).
    std::tie(ec, n) = co_await net::async_write(conn->stream, net::buffer(continue_response), use_tuple);
  }
  if (!ec && !refusal && !parser.is_done()) {
    std::tie(ec, n) = co_await bhttp::async_read(conn->stream, buffer, parser, use_tuple);
    if (ec) refusal = refusal_after_body(ec, parser, opt);
  }

  const std::string request_id = choose_request_id(msg[request_id_field]);
  if (refusal) {
    const int status = refusal->status;
    const std::string path(msg.target().substr(0, msg.target().find('?')));
    const bool written = co_await write_response(*conn, opt, std::move(*refusal), request_id, false);
    log_request(msg.method_string(), path, status, started, request_id, remote,
                written ? "" : "write_failed");
    co_return written ? next::close : next::drop;
  }
  if (ec) {
    log::debug("http.dropped").kv("reason", ec.message()).kv("remote", remote);
    co_return next::drop;
  }

  const bool client_keep_alive = msg.keep_alive();
  request req = to_request(parser.release(), remote, request_id);
  const std::string method = req.method;
  const std::string path = req.path;
  auto reply = co_await call_handler(*conn, state, std::move(req));
  if (!reply) {
    log_request(method, path, 0, started, request_id, remote, "aborted_at_shutdown");
    co_return next::drop;
  }
  const int status = reply->status;
  // A server shutting down finishes this request but takes no more on this connection, and
  // says so even when the answer comes before stop() has reached this connection.
  const bool keep_alive = client_keep_alive && !last && !conn->stopping && !state->shutting_down();
  const bool written = co_await write_response(*conn, opt, std::move(*reply), request_id, keep_alive);
  log_request(method, path, status, started, request_id, remote, written ? "" : "write_failed");
  if (!written) co_return next::drop;
  co_return keep_alive ? next::keep_open : next::close;
}

// Half-closes, then reads and drops what the client still sends for a moment, so that its
// kernel does not reset the connection and discard our response before the client reads it.
net::awaitable<void> close_gracefully(connection& conn) {
  beast::error_code ec;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (!ec && !conn.aborted) {
    conn.stream.expires_after(limits::linger_timeout);
    std::array<char, 4096> sink;
    for (std::size_t drained = 0; drained < limits::linger_max_bytes;) {
      auto [rec, n] = co_await conn.stream.async_read_some(net::buffer(sink), use_tuple);
      if (rec) break;
      drained += n;
    }
  }
  conn.stream.close();
}

net::awaitable<void> reject(connection& conn, const server_options& opt) {
  conn.idle = false;  // shutdown must not cancel the 503 halfway
  const std::string remote = remote_of(conn.stream);
  const std::string request_id = make_request_id();
  auto res = response::json_error(503, "overloaded", "Too many connections; try again later");
  res.headers.emplace_back("Retry-After", "1");
  log::warn("http.over_capacity").kv("remote", remote).kv("request_id", request_id);
  if (co_await write_response(conn, opt, std::move(res), request_id, false))
    co_await close_gracefully(conn);
}

}  // namespace

connection::connection(tcp::socket socket, net::ip::address client)
    : stream(std::move(socket)), client(std::move(client)), reply_timer(stream.get_executor()) {}

void connection::begin_shutdown() {
  stopping = true;
  if (idle) stream.cancel();
}

void connection::abort() {
  stopping = aborted = true;
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream.close();
  reply_timer.cancel();
}

net::awaitable<void> run_session(std::shared_ptr<connection> conn, std::shared_ptr<server_state> state) {
  const server_options& opt = state->options;
  if (conn->rejected) {
    co_await reject(*conn, opt);
    co_return;
  }
  const std::string remote = remote_of(conn->stream);
  // Bounded: the parser never needs more than the header limit plus one read.
  beast::flat_buffer buffer(read_buffer_size(opt));

  // A new connection must deliver its whole first request within read_timeout.
  conn->stream.expires_after(opt.read_timeout);
  next outcome = next::drop;
  for (std::size_t served = 0; !conn->stopping; ++served) {
    const bool first = served == 0;
    if (buffer.size() == 0) {
      // Between keep-alive requests the wait is idle_timeout; shutdown cancels this wait.
      if (!first) conn->stream.expires_after(opt.idle_timeout);
      conn->idle = true;
      auto [ec, n] = co_await conn->stream.async_read_some(buffer.prepare(limits::first_read_size), use_tuple);
      conn->idle = false;
      if (ec) break;  // peer closed, timed out or shut down, with nothing in flight
      buffer.commit(n);
    }
    // The whole request, headers and body, from its first byte on.
    if (!first) conn->stream.expires_after(opt.read_timeout);
    outcome = co_await serve_request(conn, state, buffer, remote, served + 1 >= opt.max_requests_per_connection);
    if (outcome != next::keep_open) break;
  }
  if (outcome == next::close)
    co_await close_gracefully(*conn);
  else
    conn->stream.close();
}

}  // namespace commonsbot::http::detail
