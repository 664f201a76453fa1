#include "store/json_text.hpp"

#include <cctype>

namespace commonsbot::store::json_text {
namespace {

bool is_plain(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  return true;
}

// Moves `pos` past a string token starting at `pos`; `escaped` says whether it held a backslash.
bool skip_string(std::string_view text, std::size_t& pos, bool& escaped) {
  if (pos >= text.size() || text[pos] != '"') return false;
  escaped = false;
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      pos = i + 1;
      return true;
    }
    if (static_cast<unsigned char>(c) < 0x20) return false;
    if (c == '\\') {
      escaped = true;
      ++i;
    }
  }
  return false;
}

bool skip_key(std::string_view text, std::size_t& pos) {
  bool escaped = false;
  if (!skip_string(text, pos, escaped) || pos >= text.size() || text[pos] != ':') return false;
  ++pos;
  return true;
}

}  // namespace

std::string dump(const nlohmann::json& v) {
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_string(std::string& out, std::string_view s) {
  if (is_plain(s)) {  // the common case: no escaping, no allocation
    out += '"';
    out += s;
    out += '"';
    return;
  }
  out += dump(nlohmann::json(std::string(s)));
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len;
    std::uint32_t cp;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
      return false;
    i += len;
  }
  return true;
}

bool read_string(std::string_view text, std::size_t& pos, std::string& out) {
  const std::size_t start = pos;
  bool escaped = false;
  if (!skip_string(text, pos, escaped)) return false;
  if (!escaped) {
    out.assign(text.data() + start + 1, pos - start - 2);
    return true;
  }
  // Rare: let the real parser handle escapes and surrogate pairs.
  auto v = nlohmann::json::parse(text.substr(start, pos - start), nullptr, false);
  if (!v.is_string()) return false;
  out = v.get_ref<const std::string&>();
  return true;
}

bool read_uint(std::string_view text, std::size_t& pos, std::uint64_t& out) {
  std::uint64_t v = 0;
  const std::size_t start = pos;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    const auto d = static_cast<std::uint64_t>(text[pos] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
    ++pos;
  }
  if (pos == start || (text[start] == '0' && pos - start > 1)) return false;
  out = v;
  return true;
}

bool skip_literal(std::string_view text, std::size_t& pos, std::string_view literal) {
  if (text.substr(pos, literal.size()) != literal) return false;
  pos += literal.size();
  return true;
}

bool skip_value(std::string_view text, std::size_t& pos) {
  // An explicit stack of open brackets; depth is bounded by the text length.
  std::string stack;
  bool expect_value = true;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { ++pos; continue; }
    if (expect_value) {
      if (c == '{' || c == '[') {
        stack.push_back(c == '{' ? '}' : ']');
        ++pos;
        // An empty container closes at once.
        while (pos < text.size() && text[pos] == ' ') ++pos;
        if (pos < text.size() && text[pos] == stack.back()) {
          stack.pop_back();
          ++pos;
          expect_value = false;
          if (stack.empty()) return true;
          continue;
        }
        if (c == '{' && !skip_key(text, pos)) return false;
        continue;
      }
      if (c == '"') {
        bool escaped = false;
        if (!skip_string(text, pos, escaped)) return false;
      } else if (c == '-' || (c >= '0' && c <= '9')) {
        ++pos;
        while (pos < text.size() && (std::isdigit(static_cast<unsigned char>(text[pos])) || text[pos] == '.' ||
                                     text[pos] == 'e' || text[pos] == 'E' || text[pos] == '+' || text[pos] == '-'))
          ++pos;
      } else if (!skip_literal(text, pos, "true") && !skip_literal(text, pos, "false") &&
                 !skip_literal(text, pos, "null")) {
        return false;
      }
      expect_value = false;
      if (stack.empty()) return true;
      continue;
    }
    // After a value inside a container: ',' or the closing bracket.
    if (c == ',') {
      ++pos;
      expect_value = true;
      if (stack.back() == '}') {
        while (pos < text.size() && text[pos] == ' ') ++pos;
        if (!skip_key(text, pos)) return false;
      }
      continue;
    }
    if (c != stack.back()) return false;
    stack.pop_back();
    ++pos;
    if (stack.empty()) return true;
  }
  return false;
}

}  // namespace commonsbot::store::json_text
