#include "log/log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

namespace commonsbot::log {
namespace {

std::atomic<level> min_level{level::info};

// spdlog does the thread-safe writing; the line format is ours, so the pattern is bare.
std::shared_ptr<spdlog::logger>& sink_logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = std::make_shared<spdlog::logger>("commonsbot", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return logger;
}
std::mutex sink_mutex;

const char* level_name(level l) {
  switch (l) {
    case level::debug: return "DEBUG";
    case level::info: return "INFO ";
    case level::warn: return "WARN ";
    case level::error: return "ERROR";
    case level::off: break;
  }
  return "";
}

bool needs_quotes(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v)
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) return true;
  return false;
}

void append_value(std::string& out, std::string_view v) {
  if (!needs_quotes(v)) {
    out += v;
    return;
  }
  out += '"';
  for (unsigned char c : v) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace

std::string utc_timestamp() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  const std::time_t t = system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

void set_level(level min) { min_level.store(min); }
level current_level() { return min_level.load(); }

bool parse_level(std::string_view text, level& out) {
  if (text == "debug") out = level::debug;
  else if (text == "info") out = level::info;
  else if (text == "warn") out = level::warn;
  else if (text == "error") out = level::error;
  else if (text == "off") out = level::off;
  else return false;
  return true;
}

void set_output(const std::string& path) {
  std::lock_guard lock(sink_mutex);
  spdlog::sink_ptr sink;
  if (path.empty())
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  else
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path);
  auto l = std::make_shared<spdlog::logger>("commonsbot", sink);
  l->set_pattern("%v");
  l->set_level(spdlog::level::trace);
  l->flush_on(spdlog::level::trace);
  std::atomic_store(&sink_logger(), l);
}

line::line(level lvl, std::string_view event)
    : enabled_(lvl >= min_level.load() && lvl != level::off), level_(lvl) {
  if (!enabled_) return;
  text_.reserve(160);
  text_ += utc_timestamp();
  text_ += ' ';
  text_ += level_name(lvl);
  text_ += ' ';
  text_ += event;
}

line::~line() {
  if (!enabled_) return;
  auto logger = std::atomic_load(&sink_logger());
  logger->log(level_ >= level::error ? spdlog::level::err : spdlog::level::info, text_);
}

line& line::kv(std::string_view key, std::string_view value) {
  if (!enabled_) return *this;
  text_ += ' ';
  text_ += key;
  text_ += '=';
  append_value(text_, value);
  return *this;
}

line& line::kv(std::string_view key, double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  return raw(key, buf);
}

line& line::raw(std::string_view key, const std::string& value) {
  return kv(key, std::string_view(value));
}

}  // namespace commonsbot::log
