#include "delivery/captures.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::delivery {
namespace {

constexpr std::string_view opening = "{capture:";
constexpr std::size_t max_value = 255;

bool plain_id(const std::string& v) {
  return !v.empty() && v.size() <= max_value && std::all_of(v.begin(), v.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
         });
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
    const auto at = text.find(opening);
    if (at == std::string_view::npos) break;
    const auto close = text.find('}', at + opening.size());
    if (close == std::string_view::npos) break;
    const auto name = std::string(text.substr(at + opening.size(), close - at - opening.size()));
    const auto it = values.find(name);
    if (it == values.end()) {
      if (missing) *missing = name;
      return std::nullopt;
    }
    out.append(text.substr(0, at));
    out += it->second;
    text.remove_prefix(close + 1);
  }
  out.append(text);
  return out;
}

bool fill_captures(adapters::outbound_request& r, const captured_values& values, std::string& missing) {
  const auto fill = [&](std::string& s) {
    if (s.find(opening) == std::string::npos) return true;
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
