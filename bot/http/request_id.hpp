// Request ids: echoed from the client when safe, generated otherwise. They tie a log line
// to a response, so they must never carry anything a client could use to forge log lines.
#pragma once

#include <string>
#include <string_view>

namespace commonsbot::http {

// True for 1..limits::max_request_id characters of [A-Za-z0-9._-].
bool is_valid_request_id(std::string_view id);

// 16 lowercase hex characters, random. Thread-safe.
std::string make_request_id();

// `from_client` if valid, otherwise a fresh id.
std::string choose_request_id(std::string_view from_client);

}  // namespace commonsbot::http
