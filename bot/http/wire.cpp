// How a request comes off the wire and a response goes onto it (see wire.hpp).
#include "http/wire.hpp"

#include "http/limits.hpp"
#include "log/log.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>

#include <string>

namespace commonsbot::http::detail {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

constexpr std::string_view server_name = "commonsbot";
// On every response: a browser must take a body for what its Content-Type says, never guess.
constexpr std::string_view nosniff_field = "X-Content-Type-Options";

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

// GET and HEAD ask for something; a body on them is never meaningful here, and accepting
// one would let anyone make every page read and copy up to body_limit bytes. Any declared
// body (a non-zero Content-Length, or chunked) is refused, before it is read.
bool refuses_body(const request_parser& parser) {
  const auto method = parser.get().method();
  if (method != bhttp::verb::get && method != bhttp::verb::head) return false;
  const auto length = parser.content_length();
  return parser.chunked() || (length && *length > 0);
}

}  // namespace

void apply_limits(request_parser& parser, const server_options& opt) {
  parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
  parser.body_limit(opt.body_limit);
}

std::size_t read_buffer_size(const server_options& opt) {
  return opt.header_limit + limits::read_buffer_slack;
}

std::optional<response> refusal_after_header(const beast::error_code& ec, const request_parser& parser,
                                             const server_options& opt) {
  const auto& msg = parser.get();
  if (ec) return read_error_response(ec, msg, parser.is_header_done(), opt);
  if (auto refusal = framing_error(msg)) return refusal;
  if (refuses_body(parser))
    return response::json_error(400, "body_not_allowed",
                                std::string(msg.method_string()) + " requests must not carry a body");
  return std::nullopt;
}

std::optional<response> refusal_after_body(const beast::error_code& ec, const request_parser& parser,
                                           const server_options& opt) {
  return read_error_response(ec, parser.get(), true, opt);
}

bool expects_continue(const request_parser& parser) {
  return iequals(parser.get()[bhttp::field::expect], "100-continue");
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

}  // namespace commonsbot::http::detail
