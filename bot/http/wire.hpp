// Internal to the server: how a request comes off the wire and a response goes onto it. The
// parser's limits, the framing rules and refusals decided before a handler runs, and the
// translation between Beast's messages and ours. Kept apart from the session's coroutine so
// that the exact rules the server applies can be driven without sockets (tests/fuzz).
#pragma once

#include "http/message.hpp"
#include "http/server.hpp"

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::http::detail {

using request_parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
using beast_response = boost::beast::http::response<boost::beast::http::string_body>;

inline constexpr std::string_view request_id_field = "X-Request-Id";

// Gives a fresh parser the server's header and body limits.
void apply_limits(request_parser& parser, const server_options& opt);

// The size of a connection's read buffer: the header limit plus room for one read.
std::size_t read_buffer_size(const server_options& opt);

// After reading the header (`ec` is how that went): the answer to a request refused before
// any body byte is read (too large, malformed, bad framing, a body on GET or HEAD), or none.
// None with `ec` set means the connection should just be dropped (peer gone, timeout).
std::optional<response> refusal_after_header(const boost::beast::error_code& ec, const request_parser& parser,
                                             const server_options& opt);

// After reading the body failed with `ec`: the answer, or none to drop the connection.
std::optional<response> refusal_after_body(const boost::beast::error_code& ec, const request_parser& parser,
                                           const server_options& opt);

// True if the client asked to be told before it sends the body (Expect: 100-continue).
bool expects_continue(const request_parser& parser);

// Our request from Beast's, with the client's address and the request id.
request to_request(beast_request&& msg, std::string remote, std::string request_id);

// Beast's response from a handler's: a status outside 200..599 becomes 500, unsafe or
// server-owned headers are dropped (and logged), and every response says nosniff.
beast_response to_beast(response r, const std::string& request_id, bool keep_alive);

}  // namespace commonsbot::http::detail
