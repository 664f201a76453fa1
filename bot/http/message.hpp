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

  // {"error": code, "message": message} with the given status.
  static response json_error(int status, std::string_view code, std::string_view message);
  static response json(int status, std::string body);
  static response text(int status, std::string body);
};

// Completes a request. Call exactly once, from any thread; the server writes the response
// on the connection's own strand.
using responder = std::function<void(response)>;

// Handles one request. May respond before returning or later (for example after a durable
// commit). Must not block.
using handler = std::function<void(request, responder)>;

}  // namespace commonsbot::http
