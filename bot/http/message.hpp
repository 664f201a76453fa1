// Plain HTTP request and response values. Handlers see these, never Beast types, so they
// can be tested without sockets and compiled without Beast's templates.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::http {

using header_list = std::vector<std::pair<std::string, std::string>>;

struct request {
  std::string method;      // "GET", "POST", ...
  std::string target;      // as received, e.g. "/slack/events?x=1"
  std::string path;        // target without the query
  std::string query;       // after '?', undecoded
  header_list headers;
  std::string body;        // raw bytes, exactly as received (signatures are over these)
  std::string remote;      // peer address, for logs
  std::string request_id;  // assigned by the server, echoed as X-Request-Id

  // First header named `name` (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
};

struct response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  header_list headers;

  // Set only by deferred(): the response is what this makes (the fields above are unused).
  std::function<response()> make;

  // {"error": code, "message": message} with the given status.
  static response json_error(int status, std::string_view code, std::string_view message);
  static response json(int status, std::string body);
  static response text(int status, std::string body);
  // A response made on the connection's own thread just before it is written. For a
  // handler that completes on a thread which must not do the work (the store's commit
  // thread, where rendering would hold up the next commit): the server wakes the
  // connection's thread to write anyway, so the work costs no extra thread switch.
  static response deferred(std::function<response()> make);
};

// `r`, or what a deferred `r` makes. The server does this on the connection's thread; code
// that calls a handler directly (tests) does it itself. May throw what `make` throws.
response settle(response r);

// Completes a request. Call exactly once, from any thread; the server writes the response
// on the connection's own strand.
using responder = std::function<void(response)>;

// Handles one request. May respond before returning or later (for example after a durable
// commit). Must not block.
using handler = std::function<void(request, responder)>;

}  // namespace commonsbot::http
