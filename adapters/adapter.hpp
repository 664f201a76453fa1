// The interface every platform adapter implements. Adapters live at the edge: they turn a
// platform's requests into core::events and core::messages into the platform's requests.
// They never touch the store, and the core never includes a platform header.
//
// The interface fits all three platform models:
//   push webhooks (Slack, Teams, Matrix appservice): routes + verify + parse + acknowledge
//   pull loops (Matrix /sync, the console):          start / stop feeding an event_sink
//   outbound (every platform):                       render to platform requests, sent by
//                                                    the outbox worker, never inline
#pragma once

#include "core/conversation_ref.hpp"
#include "core/event_sink.hpp"
#include "core/message.hpp"
#include "http/message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::adapters {

// What the platform expects in the HTTP response to its request.
enum class ack_style {
  empty,             // 200 with an empty body; replies go out later (Slack events, Matrix)
  reply_in_body,     // the first reply rides in the response body (Slack slash commands)
  synchronous_body,  // the platform waits for a body built from the result (Teams invokes)
};

struct route {
  std::string method;
  std::string path;
};

// The result of checking a request's signature, token or JWT, on the raw bytes.
struct verification {
  bool ok = false;
  int status = 401;
  std::string code;     // short machine code, e.g. "bad_signature"
  std::string message;  // says what was wrong, without echoing secrets
  static verification pass() { return {true, 200, "", ""}; }
  static verification fail(int status, std::string code, std::string message) {
    return {false, status, std::move(code), std::move(message)};
  }
};

// What one inbound request holds.
struct inbound {
  std::vector<core::event> events;
  std::optional<http::response> immediate;  // answered without the pipeline (a URL check, a ping)
  std::optional<http::response> rejection;  // malformed: this response, nothing processed
  ack_style ack = ack_style::empty;
  // For the adapter's own acknowledge: which answer this request waits for, where that
  // depends on its kind (Teams: a card refresh, a task module, a form's errors).
  std::string answer_kind;
};

// One call to a platform's API, built by render and sent by the outbox worker.
struct outbound_request {
  std::string method = "POST";
  std::string url;
  http::header_list headers;  // auth added by the sender from stored installations
  std::string body;
  std::string idempotency_key;  // stable across retries where the platform honours one
  std::string rate_bucket;      // the pacing bucket it counts against, e.g. "slack:T1:C9"
  // Non-empty: this part can never be sent as things stand (no credentials cover its
  // tenant); why, safe to log. The worker dead-letters the entry with it and sends nothing.
  std::string unsendable;

  // A later part may need a value from this part's answer (Slack: the DM channel
  // conversations.open returns, which chat.postMessage then posts to). The worker reads
  // `capture` (a JSON pointer) from the 2xx body, keeps the value with the entry under
  // `capture_as`, and puts it wherever a later part says capture_placeholder(name) (url,
  // body, header values, rate_bucket). Adapters stay pure: they never see the answer.
  std::string capture;
  std::string capture_as;
  // Optional: the worker also remembers the value in memory under this key (e.g.
  // "slack:T1:dm:U1") and skips this part while it knows it, so later DMs need no open.
  std::string remember_as;
};

// "{capture:<name>}": where a later part wants a captured value.
inline std::string capture_placeholder(std::string_view name) { return "{capture:" + std::string(name) + "}"; }
// "{capture_url:<name>}": the same value percent-encoded as one URL path segment (Teams: the
// conversation id "a:1xyz" in .../v3/conversations/<id>/activities).
inline std::string capture_url_placeholder(std::string_view name) {
  return "{capture_url:" + std::string(name) + "}";
}

class adapter {
 public:
  virtual ~adapter() = default;

  // "slack", "teams", "matrix", "console".
  virtual std::string_view platform() const = 0;

  // Push platforms: the routes served, and the steps of handling one request. verify refuses
  // unless the adapter overrides it, so a push adapter that forgets to check signatures or
  // tokens accepts nothing.
  virtual std::vector<route> routes() const { return {}; }
  virtual verification verify(const http::request&) const {
    return verification::fail(401, "not_verified", "this platform has no way to verify requests");
  }
  virtual inbound parse(const http::request&) const { return {}; }
  // Builds the HTTP response once every event of `in` has been handled (durably).
  virtual http::response acknowledge(const inbound& in, const std::vector<core::outcome>& results) const;

  // Pull platforms: feed events to `sink` until stop(). Push platforms do nothing here.
  virtual void start(core::event_sink&) {}
  virtual void stop() {}

  // Outbound: the API calls that deliver `m` to `to`. Always includes the plain-text
  // fallback where the platform shows one (notifications, screen readers).
  virtual std::vector<outbound_request> render(const core::message& m, const core::conversation_ref& to) const = 0;
};

// The answer for an event whose handling failed (core::outcome::status::failed) when the
// acknowledgement cannot carry its apology: 500, so the platform knows it was not handled.
http::response failed_answer();

}  // namespace commonsbot::adapters
