#include "support/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <system_error>

namespace commonsbot::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using clock = std::chrono::steady_clock;

// Responses in tests can be large (limit tests echo bodies); the client must not be the limit.
constexpr std::uint64_t client_body_limit = 64 * 1024 * 1024;

std::string http_result::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (beast::iequals(key, name)) return value;
  return {};
}

// Every operation runs on a private io_context under the stream's deadline, which gives
// blocking calls a timeout (Asio's blocking calls have none).
struct http_connection::impl {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout;
  std::string connect_error;

  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result = net::error::would_block;
    stream.expires_after(timeout);
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }
};

http_connection::http_connection(std::uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<impl>()) {
  impl_->timeout = timeout;
  const tcp::endpoint endpoint(net::ip::make_address_v4("127.0.0.1"), port);
  const auto ec = impl_->run([&](auto done) { impl_->stream.async_connect(endpoint, done); });
  if (ec) impl_->connect_error = ec.message();
}

http_connection::~http_connection() {
  beast::error_code ignored;
  impl_->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  impl_->stream.close();
}

const std::string& http_connection::connect_error() const { return impl_->connect_error; }

http_result http_connection::request(const std::string& method, const std::string& target,
                                     const std::string& body, const header_list& headers) {
  http_result result;
  if (!impl_->connect_error.empty()) {
    result.error = "connect: " + impl_->connect_error;
    return result;
  }
  bhttp::request<bhttp::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(bhttp::field::host, "127.0.0.1");
  bool has_content_type = false;
  for (const auto& [name, value] : headers) {
    req.insert(name, value);
    has_content_type = has_content_type || beast::iequals(name, "Content-Type");
  }
  if (!body.empty() && !has_content_type) req.set(bhttp::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();

  auto ec = impl_->run([&](auto done) { bhttp::async_write(impl_->stream, req, done); });
  if (ec) {
    result.error = "write: " + ec.message();
    return result;
  }
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(client_body_limit);
  ec = impl_->run([&](auto done) { bhttp::async_read(impl_->stream, impl_->buffer, parser, done); });
  if (ec) {
    result.error = "read: " + ec.message();
    return result;
  }
  auto res = parser.release();
  result.status = static_cast<int>(res.result_int());
  for (const auto& field : res)
    result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  result.body = std::move(res.body());
  return result;
}

http_result http_connection::get(const std::string& target, const header_list& headers) {
  return request("GET", target, {}, headers);
}

bool http_connection::wait_closed(std::chrono::milliseconds timeout) {
  if (!impl_->connect_error.empty()) return true;
  const auto deadline = clock::now() + timeout;
  char sink[1024];
  while (clock::now() < deadline) {
    impl_->timeout = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    const auto ec = impl_->run([&](auto done) {
      impl_->stream.async_read_some(net::buffer(sink), done);
    });
    if (ec == beast::error::timeout) return false;
    if (ec) return true;  // end of stream or reset
  }
  return false;
}

http_result request(std::uint16_t port, const std::string& method, const std::string& target,
                    const std::string& body, const header_list& headers,
                    std::chrono::milliseconds timeout) {
  http_connection connection(port, timeout);
  return connection.request(method, target, body, headers);
}

http_result get(std::uint16_t port, const std::string& target, const header_list& headers,
                std::chrono::milliseconds timeout) {
  return request(port, "GET", target, {}, headers, timeout);
}

http_result post(std::uint16_t port, const std::string& target, const std::string& body,
                 const header_list& headers, std::chrono::milliseconds timeout) {
  return request(port, "POST", target, body, headers, timeout);
}

raw_connection::raw_connection(std::uint16_t port, const std::string& from) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "raw_connection: socket");
  if (!from.empty()) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    if (::inet_pton(AF_INET, from.c_str(), &local.sin_addr) != 1 ||
        ::bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      throw std::system_error(err, std::generic_category(), "raw_connection: bind to " + from);
    }
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    const int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw std::system_error(err, std::generic_category(), "raw_connection: connect");
  }
}

raw_connection::~raw_connection() { close(); }

void raw_connection::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

bool raw_connection::send(std::string_view bytes) {
  while (!bytes.empty()) {
    // MSG_NOSIGNAL: a peer that closed must fail the call, not kill the test with SIGPIPE.
    const auto n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool raw_connection::read_some(std::chrono::milliseconds timeout, bool& timed_out) {
  timed_out = false;
  if (peer_closed_ || fd_ < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (ready == 0) {
    timed_out = true;
    return true;
  }
  if (ready < 0) {
    timed_out = errno == EINTR;
    return timed_out;
  }
  char buf[4096];
  const auto n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {  // end of stream, or reset
    peer_closed_ = true;
    return false;
  }
  pending_.append(buf, static_cast<std::size_t>(n));
  return true;
}

namespace {

std::chrono::milliseconds remaining(clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
  return std::max(left, std::chrono::milliseconds(0));
}

// Length of the complete response at the start of `data`, or 0 if it is not all there.
std::size_t complete_response_length(const std::string& data) {
  const auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  std::size_t content_length = 0;
  std::size_t line = data.find("\r\n") + 2;
  while (line < head_end) {
    const auto eol = data.find("\r\n", line);
    const std::string_view header(data.data() + line, eol - line);
    const auto colon = header.find(':');
    if (colon != std::string_view::npos && beast::iequals(header.substr(0, colon), "content-length")) {
      auto value = header.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      std::from_chars(value.data(), value.data() + value.size(), content_length);
    }
    line = eol + 2;
  }
  const std::size_t total = head_end + 4 + content_length;
  return data.size() >= total ? total : 0;
}

}  // namespace

std::string raw_connection::read_response(std::chrono::milliseconds timeout) {
  const auto deadline = clock::now() + timeout;
  for (;;) {
    if (const auto n = complete_response_length(pending_); n > 0) {
      std::string response = pending_.substr(0, n);
      pending_.erase(0, n);
      return response;
    }
    bool timed_out = false;
    if (!read_some(remaining(deadline), timed_out) || timed_out) return {};
  }
}

std::string raw_connection::read_until_closed(std::chrono::milliseconds timeout, bool* closed) {
  const auto deadline = clock::now() + timeout;
  bool timed_out = false;
  while (read_some(remaining(deadline), timed_out) && !timed_out) {
  }
  if (closed) *closed = peer_closed_;
  return std::exchange(pending_, {});
}

bool raw_connection::wait_closed(std::chrono::milliseconds timeout) {
  bool closed = false;
  read_until_closed(timeout, &closed);
  return closed;
}

int status_of(std::string_view raw_response) {
  // "HTTP/1.1 200 OK"
  if (raw_response.size() < 12 || raw_response.substr(0, 5) != "HTTP/") return 0;
  int status = 0;
  const auto digits = raw_response.substr(9, 3);
  std::from_chars(digits.data(), digits.data() + digits.size(), status);
  return status;
}

std::size_t open_fd_count() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++count;
  return count;
}

}  // namespace commonsbot::test
