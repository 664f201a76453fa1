// Slack request signing (v0): HMAC-SHA256 over "v0:<timestamp>:<raw body>" with the app's
// signing secret, sent as "X-Slack-Signature: v0=<hex>". Checked on the raw bytes, before
// anything is parsed.
#pragma once

#include "adapters/adapter.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace commonsbot::adapters::slack {

// Timestamps further than this from our clock, in either direction, are refused (replays).
inline constexpr std::chrono::seconds max_clock_skew{300};

// "v0=" + lowercase hex HMAC-SHA256 of "v0:<timestamp>:<body>".
std::string sign(std::string_view signing_secret, std::string_view timestamp, std::string_view body);

// Checks the two header values against `body` at time `now`. Fails with 401 and a code
// that says which check failed; never echoes the secret or the expected signature.
verification verify_signature(std::string_view signing_secret, std::string_view timestamp_header,
                              std::string_view signature_header, std::string_view body,
                              std::chrono::system_clock::time_point now);

}  // namespace commonsbot::adapters::slack
