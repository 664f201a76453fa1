// The HTTP request reader exactly as the server configures it: Beast's parser with the
// server's header and body limits and read buffer, our framing rules and refusals, the
// translation into our request, and the response written back (tests/fuzz/README.md).
//
// Input: one byte choosing how the bytes arrive (the size of each read, 1 to 256 bytes, or
// all at once), then the raw bytes a client sends on one connection. Requests are read one
// after another while keep-alive holds, as a session does.
#include "fuzz_input.hpp"

#include "http/request_id.hpp"
#include "http/wire.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace http = commonsbot::http;
namespace detail = commonsbot::http::detail;
namespace net = boost::asio;
namespace beast = boost::beast;

namespace {

// A SyncReadStream over the fuzzer's bytes, handing out at most `chunk` bytes per read, so
// requests split across reads take the same paths as over TCP.
class byte_stream {
 public:
  byte_stream(std::string_view bytes, std::size_t chunk) : bytes_(bytes), chunk_(chunk) {}

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, beast::error_code& ec) {
    if (bytes_.empty()) {
      ec = net::error::eof;
      return 0;
    }
    ec = {};
    const std::size_t want = std::min(bytes_.size(), chunk_);
    const std::size_t n = net::buffer_copy(buffers, net::buffer(bytes_.data(), want));
    bytes_.remove_prefix(n);
    return n;
  }
  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    beast::error_code ec;
    const auto n = read_some(buffers, ec);
    if (ec) throw beast::system_error(ec);
    return n;
  }

 private:
  std::string_view bytes_;
  std::size_t chunk_;
};

// Small limits, so that the fuzzer reaches them; the code paths are the server's own.
http::server_options fuzz_options() {
  http::server_options opt;
  opt.header_limit = 1024;
  opt.body_limit = 4096;
  return opt;
}

// What a handler might answer, chosen by the request, including headers a handler must not
// be able to set and a status outside the valid range.
http::response answer(const http::request& req) {
  http::response res = http::response::json_error(200, "ok", req.path);
  res.headers.emplace_back("X-Echo", std::string(req.header("X-Echo")));
  res.headers.emplace_back(std::string(req.header("X-Name")), "value");
  if (req.query == "status") res.status = static_cast<int>(req.body.size()) - 1;
  return res;
}

std::string serialise(const detail::beast_response& res) {
  std::ostringstream out;
  out << res;
  return out.str();
}

// Every line of the head after the status line is one "Name: value" field, and the framing
// is ours alone: at most one Content-Length, never a Transfer-Encoding.
void check_head(std::string_view wire) {
  const auto end = wire.find("\r\n\r\n");
  if (end == std::string_view::npos) std::abort();
  std::string_view head = wire.substr(0, end + 2);
  head.remove_prefix(head.find("\r\n") + 2);
  int lengths = 0;
  while (!head.empty()) {
    const auto eol = head.find("\r\n");
    const std::string_view line = head.substr(0, eol);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) std::abort();
    if (line.starts_with("Content-Length:")) ++lengths;
    if (line.starts_with("Transfer-Encoding:")) std::abort();
    head.remove_prefix(eol + 2);
  }
  if (lengths > 1) std::abort();
  if (wire.find("X-Content-Type-Options: nosniff\r\n") == std::string_view::npos) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const http::server_options opt = fuzz_options();
  fuzz::input in(data, size);
  const std::uint8_t mode = in.byte();
  const std::size_t chunk = mode == 0 ? 1 << 20 : mode;
  byte_stream stream(in.rest(), chunk);
  beast::flat_buffer buffer(detail::read_buffer_size(opt));

  for (int served = 0; served < 16; ++served) {
    detail::request_parser parser;
    detail::apply_limits(parser, opt);
    beast::error_code ec;
    beast::http::read_header(stream, buffer, parser, ec);
    std::optional<http::response> refusal = detail::refusal_after_header(ec, parser, opt);
    if (!ec && !refusal && !parser.is_done()) {
      beast::http::read(stream, buffer, parser, ec);
      if (ec) refusal = detail::refusal_after_body(ec, parser, opt);
    }
    const std::string request_id = http::choose_request_id(parser.get()[detail::request_id_field]);
    if (!http::is_valid_request_id(request_id)) std::abort();
    if (refusal) {
      if (refusal->status < 400) std::abort();  // a refusal is never a success
      check_head(serialise(detail::to_beast(std::move(*refusal), request_id, false)));
      return 0;
    }
    if (ec) return 0;  // dropped: the peer went away mid-request
    const bool keep_alive = parser.get().keep_alive();
    http::request req = detail::to_request(parser.release(), "127.0.0.1:1", request_id);
    // Whatever the handler set from the request, nothing in it can start a header line of
    // its own or change the framing.
    check_head(serialise(detail::to_beast(answer(req), request_id, keep_alive)));
    if (!keep_alive) return 0;
  }
  return 0;
}
