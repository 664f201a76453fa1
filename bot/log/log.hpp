// Structured logs: one line per event, logfmt style, readable by a person and by tools.
//
//   log::info("store.opened").kv("dir", dir).kv("seq", seq);
//
// prints, when the temporary is destroyed:
//
//   2026-11-27T07:39:26.123Z INFO  store.opened dir=./data seq=42
//
// Values with spaces, quotes or '=' are quoted. Never pass a secret: nothing here can tell
// one from other text, which is why config secrets are a type that does not convert.
#pragma once

#include <concepts>
#include <string>
#include <string_view>

namespace commonsbot::log {

enum class level { debug = 0, info = 1, warn = 2, error = 3, off = 4 };

// Lines below `min` are dropped. Default: info. Thread-safe.
void set_level(level min);
level current_level();
// Parses "debug", "info", "warn", "error" or "off"; false if unknown.
bool parse_level(std::string_view text, level& out);
// Sends lines to stderr (default) or, when `path` is non-empty, appends to that file.
void set_output(const std::string& path);

class line {
 public:
  line(level lvl, std::string_view event);
  ~line();
  line(const line&) = delete;
  line& operator=(const line&) = delete;

  line& kv(std::string_view key, std::string_view value);
  line& kv(std::string_view key, const char* value) { return kv(key, std::string_view(value)); }
  line& kv(std::string_view key, const std::string& value) { return kv(key, std::string_view(value)); }
  line& kv(std::string_view key, bool value) { return kv(key, value ? "true" : "false"); }
  template <std::integral T>
  line& kv(std::string_view key, T value) { return raw(key, std::to_string(value)); }
  line& kv(std::string_view key, double value);

 private:
  line& raw(std::string_view key, const std::string& value);
  bool enabled_;
  level level_;
  std::string text_;
};

// The current UTC time as 2026-01-02T03:04:05.678Z (log lines, store file headers).
std::string utc_timestamp();

inline line debug(std::string_view event) { return line(level::debug, event); }
inline line info(std::string_view event) { return line(level::info, event); }
inline line warn(std::string_view event) { return line(level::warn, event); }
inline line error(std::string_view event) { return line(level::error, event); }

}  // namespace commonsbot::log
