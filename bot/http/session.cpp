// One connection, one coroutine, on the connection's own strand: wait for a request, read it
// under a deadline, hand the plain request to the router, wait (without blocking a thread)
// for the responder, write the response, and go round again while keep-alive holds.
#include "http/session.hpp"

#include "http/limits.hpp"
#include "http/request_id.hpp"
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
using beast_request = bhttp::request<bhttp::string_body>;
using beast_response = bhttp::response<bhttp::string_body>;

// Expected failures (peer gone, timeout, shutdown) come back as values, not exceptions.
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

constexpr std::string_view server_name = "commonsbot";
constexpr std::string_view request_id_field = "X-Request-Id";
// On every response: a browser must take a body for what its Content-Type says, never guess.
constexpr std::string_view nosniff_field = "X-Content-Type-Options";
constexpr std::string_view continue_response = "HTTP/1.1 100 Continue\r\n\r\n";

// How a request ended, which decides what happens to the connection.
enum class next { keep_open, close, drop };

bool iequals(std::string_view a, std::string_view b) {
  return beast::iequals(a, b);
}

// Blocks header injection (CR, LF, NUL) and names that are not HTTP tokens.
bool is_safe_header(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (const unsigned char c : name)
    if (c <= ' ' || c >= 0x7f || c == ':') return false;
  for (const unsigned char c : value)
    if (c == '\r' || c == '\n' || c == '\0') return false;
  return true;
}

// The server owns message framing and nosniff; a handler cannot set these.
bool is_server_owned(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection") || iequals(name, nosniff_field);
}

std::string remote_of(const beast::tcp_stream& stream) {
  beast::error_code ec;
  const auto ep = stream.socket().remote_endpoint(ec);
  if (ec) return "-";
  return ep.address().to_string() + ":" + std::to_string(ep.port());
}

request to_request(beast_request&& msg, std::string remote, std::string request_id) {
  request req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  const auto question = req.target.find('?');
  req.path = req.target.substr(0, question);
  if (question != std::string::npos) req.query = req.target.substr(question + 1);
  for (const auto& field : msg)
    req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  req.body = std::move(msg.body());
  req.remote = std::move(remote);
  req.request_id = std::move(request_id);
  return req;
}

beast_response to_beast(response r, const std::string& request_id, bool keep_alive) {
  if (r.status < 200 || r.status > 599) {
    log::error("http.bad_status").kv("status", r.status).kv("request_id", request_id);
    r = response::json_error(500, "internal_error", "The handler returned an invalid status");
  }
  // These statuses carry no body; Beast refuses to frame one.
  if (r.status == 204 || r.status == 304) r.body.clear();

  beast_response res;
  res.version(11);
  res.result(static_cast<unsigned>(r.status));
  res.set(bhttp::field::server, server_name);
  if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
  res.set(request_id_field, request_id);
  res.set(nosniff_field, "nosniff");
  for (const auto& [name, value] : r.headers) {
    if (!is_safe_header(name, value) || is_server_owned(name)) {
      log::warn("http.header_dropped").kv("name", name).kv("request_id", request_id);
      continue;
    }
    const bool ours = iequals(name, "Server") || iequals(name, "Content-Type") ||
                      iequals(name, request_id_field);
    if (ours)
      res.set(name, value);
    else
      res.insert(name, value);
  }
  res.body() = std::move(r.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  return res;
}

// RFC 9112 §6.1 and §6.3: a request body is framed by Content-Length or, in HTTP/1.1, by one
// Transfer-Encoding that is exactly "chunked"; anything else could frame the body differently
// here and in a proxy in front (request smuggling). Beast takes a coding list not ending in
// "chunked" ("chunked, gzip", "gzip") as "no body", which would read the body as the next
// request, and it misses a second Transfer-Encoding field or a Content-Length after a
// non-chunked one. Such requests get 400 before any body byte is read, and the connection is
// closed.
constexpr std::string_view not_just_chunked = "Transfer-Encoding must be exactly \"chunked\", sent once";
constexpr std::string_view te_with_length = "Transfer-Encoding and Content-Length cannot be sent together";
constexpr std::string_view te_in_http10 = "Transfer-Encoding needs HTTP/1.1";

response bad_framing(std::string_view message) {
  return response::json_error(400, "bad_framing", message);
}

std::optional<response> framing_error(const bhttp::request_header<>& msg) {
  const auto codings = msg.count(bhttp::field::transfer_encoding);
  if (codings == 0) return std::nullopt;
  if (msg.version() < 11) return bad_framing(te_in_http10);
  if (msg.count(bhttp::field::content_length) > 0) return bad_framing(te_with_length);
  if (codings > 1 || !iequals(msg[bhttp::field::transfer_encoding], "chunked")) return bad_framing(not_just_chunked);
  return std::nullopt;
}

// The response to a request that could not be read, or none if the connection should just
// be dropped (peer gone, timeout, shutdown). `msg` holds what was parsed before the error.
std::optional<response> read_error_response(const beast::error_code& ec, const bhttp::request_header<>& msg,
                                            bool header_done, const server_options& opt) {
  if (ec == bhttp::error::header_limit || (ec == bhttp::error::buffer_overflow && !header_done))
    return response::json_error(431, "header_too_large",
                                "Request headers exceed " + std::to_string(opt.header_limit) + " bytes");
  if (ec == bhttp::error::body_limit || ec == bhttp::error::buffer_overflow)
    return response::json_error(413, "body_too_large",
                                "Request body exceeds " + std::to_string(opt.body_limit) + " bytes");
  // Beast's own framing errors: a second "chunked", a Transfer-Encoding after a Content-Length
  // (which the message does not hold, since the failing field is not stored) or before one.
  if (ec == bhttp::error::bad_transfer_encoding)
    return bad_framing(msg.count(bhttp::field::content_length) > 0 ? te_with_length : not_just_chunked);
  if (ec == bhttp::error::bad_content_length && msg.count(bhttp::field::transfer_encoding) > 0)
    return bad_framing(te_with_length);
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message)
    return response::json_error(400, "bad_request", "Malformed HTTP request");
  return std::nullopt;
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

// GET and HEAD ask for something; a body on them is never meaningful here, and accepting
// one would let anyone make every page read and copy up to body_limit bytes. Any declared
// body (a non-zero Content-Length, or chunked) is refused, before it is read.
bool refuses_body(const bhttp::request_parser<bhttp::string_body>& parser) {
  const auto method = parser.get().method();
  if (method != bhttp::verb::get && method != bhttp::verb::head) return false;
  const auto length = parser.content_length();
  return parser.chunked() || (length && *length > 0);
}

// Reads one request from `buffer` and the stream, serves it, and says what to do next.
// `last`: the connection has served its max_requests_per_connection with this one.
net::awaitable<next> serve_request(std::shared_ptr<connection> conn,
                                   std::shared_ptr<server_state> state,
                                   beast::flat_buffer& buffer, const std::string& remote, bool last) {
  const server_options& opt = state->options;
  const auto started = clock::now();

  // A fresh parser per message: limits and state never leak from one request to the next.
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
  parser.body_limit(opt.body_limit);

  auto [ec, n] = co_await bhttp::async_read_header(conn->stream, buffer, parser, use_tuple);
  const auto& msg = parser.get();
  std::optional<response> refusal;
  if (ec)
    refusal = read_error_response(ec, msg, parser.is_header_done(), opt);
  else
    refusal = framing_error(msg);
  if (!ec && !refusal && refuses_body(parser))  // refused from its headers alone: the body is never read
    refusal = response::json_error(400, "body_not_allowed", std::string(msg.method_string()) + " requests must not carry a body");
  if (!ec && !refusal && iequals(msg[bhttp::field::expect], "100-continue")) {
    // The client waits for this before sending its body (curl does, for larger bodies).
    std::tie(ec, n) = co_await net::async_write(conn->stream, net::buffer(continue_response), use_tuple);
  }
  if (!ec && !refusal && !parser.is_done()) {
    std::tie(ec, n) = co_await bhttp::async_read(conn->stream, buffer, parser, use_tuple);
    if (ec) refusal = read_error_response(ec, msg, true, opt);
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
  beast::flat_buffer buffer(opt.header_limit + limits::read_buffer_slack);

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
