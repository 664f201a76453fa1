// Slack's inbound requests as the adapter sees them: the signature check on the raw bytes,
// then slash-command forms, Events API JSON and interactivity payloads (buttons, modals),
// parsed into events or refused (tests/fuzz/README.md).
//
// Input: one mode byte, then the body. The mode's low two bits choose the kind (0: a form as
// sent, 1: Events API JSON, 2: an interactivity payload, sent form-encoded as Slack does,
// 3: the body as sent with another content type); bit 2 set sends a wrong or malformed
// signature (the request must then be refused and nothing parsed), bit 3 a stale timestamp.
#include "fuzz_input.hpp"

#include "adapters/slack/form.hpp"
#include "adapters/slack/signature.hpp"
#include "adapters/slack/slack_adapter.hpp"

#include <cstdlib>
#include <string>

namespace slack = commonsbot::adapters::slack;
namespace core = commonsbot::core;

namespace {

constexpr std::string_view secret = "fuzz-signing-secret";
const core::clock::time_point now = core::clock::time_point(std::chrono::seconds(1'800'000'000));

const slack::slack_adapter& adapter() {
  static const core::manual_clock clock(now);
  static const slack::slack_adapter instance = [] {
    slack::settings s;
    s.signing_secret = slack::secret_value(std::string(secret));
    s.bot_token = slack::secret_value("xoxb-fuzz");
    s.bot_user_id = "UBOT";
    return slack::slack_adapter(s, clock);
  }();
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const std::uint8_t mode = in.byte();
  const int kind = mode & 3;
  const bool bad_signature = mode & 4;
  const bool stale = mode & 8;

  commonsbot::http::request req;
  req.method = "POST";
  req.target = req.path = std::string(slack::events_path);
  req.remote = "127.0.0.1:1";
  req.request_id = "fuzz";
  std::string content_type = "application/x-www-form-urlencoded";
  if (kind == 1) content_type = "application/json";
  if (kind == 3) content_type = (mode & 16) ? "application/json; charset=utf-8" : "text/plain";
  req.body = kind == 2 ? "payload=" + slack::url_encode(in.rest()) : std::string(in.rest());

  const auto ts = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() - (stale ? 600 : 0);
  const std::string timestamp = std::to_string(ts);
  std::string signature = slack::sign(secret, timestamp, req.body);
  if (bad_signature) signature = (mode & 32) ? signature.substr(0, signature.size() - 1) + "0" : "v0=" + std::string(in.rest().substr(0, 64));
  req.headers = {{"Content-Type", content_type},
                 {"X-Slack-Request-Timestamp", timestamp},
                 {"X-Slack-Signature", signature}};

  const auto verdict = adapter().verify(req);
  const bool signed_ok = !bad_signature || signature == slack::sign(secret, timestamp, req.body);
  if (verdict.ok && (!signed_ok || stale)) std::abort();  // a forged or replayed request got in
  if (!verdict.ok) return 0;
  const auto parsed = adapter().parse(req);
  // Whatever it made of the body, a body it could not read is refused with a 4xx, never a
  // 5xx, and refused means no events.
  if (parsed.rejection && (parsed.rejection->status < 400 || parsed.rejection->status >= 500)) std::abort();
  if (parsed.rejection && !parsed.events.empty()) std::abort();
  adapter().acknowledge(parsed, {});
  return 0;
}
