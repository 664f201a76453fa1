#include "delivery/captures.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::delivery {
namespace {

constexpr std::string_view opening = "{capture:";
constexpr std::string_view url_opening = "{capture_url:";
constexpr std::size_t max_value = 255;

bool unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == '~';
}

// ':' means nothing inside a JSON string, a header value or a path segment past the host.
bool plain_id(const std::string& v) {
  return !v.empty() && v.size() <= max_value &&
         std::all_of(v.begin(), v.end(), [](char c) { return c != '~' && (unreserved(c) || c == ':'); });
}

std::string percent_encoded(const std::string& v) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : v) {
    if (unreserved(c)) {
      out += c;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    out += '%';
    out += hex[u >> 4];
    out += hex[u & 0xF];
  }
  return out;
}

// The first placeholder in `text`: where it starts, and whether it is the encoded form.
std::pair<std::size_t, bool> next_placeholder(std::string_view text) {
  const auto plain = text.find(opening), encoded = text.find(url_opening);
  return encoded < plain ? std::pair{encoded, true} : std::pair{plain, false};
}

}  // namespace

std::optional<std::string> capture_value(std::string_view body, const std::string& pointer) {
  const auto j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  try {
    const nlohmann::json::json_pointer at(pointer);
    if (!j.contains(at)) return std::nullopt;
    const auto& v = j.at(at);
    if (!v.is_string() || !plain_id(v.get<std::string>())) return std::nullopt;
    return v.get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a malformed pointer, or one that walks through a non-container
  }
}

std::optional<std::string> fill_captures(std::string_view text, const captured_values& values, std::string* missing) {
  std::string out;
  for (;;) {
    const auto [at, encoded] = next_placeholder(text);
    if (at == std::string_view::npos) break;
    const std::size_t name_at = at + (encoded ? url_opening : opening).size();
    const auto close = text.find('}', name_at);
    if (close == std::string_view::npos) break;
    const auto name = std::string(text.substr(name_at, close - name_at));
    const auto it = values.find(name);
    if (it == values.end()) {
      if (missing) *missing = name;
      return std::nullopt;
    }
    out.append(text.substr(0, at));
    out += encoded ? percent_encoded(it->second) : it->second;
    text.remove_prefix(close + 1);
  }
  out.append(text);
  return out;
}

bool fill_captures(adapters::outbound_request& r, const captured_values& values, std::string& missing) {
  const auto fill = [&](std::string& s) {
    if (s.find(opening) == std::string::npos && s.find(url_opening) == std::string::npos) return true;
    auto filled = fill_captures(s, values, &missing);
    if (!filled) return false;
    s = std::move(*filled);
    return true;
  };
  if (!fill(r.url) || !fill(r.body) || !fill(r.rate_bucket)) return false;
  for (auto& [name, value] : r.headers)
    if (!fill(value)) return false;
  return true;
}

std::optional<std::string> keep_capture(const adapters::outbound_request& part, std::string_view body,
                                        captured_values& values, answer_memory& memory) {
  if (part.capture.empty()) return std::nullopt;
  auto value = capture_value(body, part.capture);
  if (!value) return "accepted, but the answer has no usable " + part.capture;
  if (!part.capture_as.empty()) values[part.capture_as] = *value;
  memory.remember(part.remember_as, *value);
  return std::nullopt;
}

void answer_memory::remember(const std::string& key, const std::string& value) {
  if (key.empty()) return;
  if (values_.size() >= max_size_ && !values_.contains(key)) values_.clear();
  values_[key] = value;
}

int answer_memory::skip(const std::vector<adapters::outbound_request>& parts, int done, captured_values& values,
                        std::vector<std::string>& used) const {
  while (done >= 0 && static_cast<std::size_t>(done) + 1 < parts.size()) {
    const auto& part = parts[static_cast<std::size_t>(done)];
    if (part.remember_as.empty() || part.capture_as.empty()) break;
    const auto it = values_.find(part.remember_as);
    if (it == values_.end()) break;
    values[part.capture_as] = it->second;
    used.push_back(part.remember_as);
    ++done;
  }
  return done;
}

}  // namespace commonsbot::delivery
