#include "adapters/slack/json_out.hpp"

namespace commonsbot::adapters::slack::json_out {
namespace {

// Length of the well-formed UTF-8 sequence at s[i] (a byte >= 0x80), or 0 when it is not
// one; then `broken` is how many bytes the broken sequence took before it went wrong (at
// least 1). The byte that broke it is read again on its own, as nlohmann does.
std::size_t sequence_at(std::string_view s, std::size_t i, std::size_t& broken) {
  const auto lead = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the second byte's range (Unicode table 3-7)
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;  // no overlongs
    if (lead == 0xED) hi = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;  // no overlongs
    if (lead == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    broken = 1;
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const std::size_t at = i + k;
    if (at >= s.size() || static_cast<unsigned char>(s[at]) < lo || static_cast<unsigned char>(s[at]) > hi) {
      broken = k;
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return len;
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char hex[] = "0123456789abcdef";
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default:
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
  }
}

}  // namespace

void append_string(std::string& out, std::string_view s) {
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  std::size_t done = 0;  // s[done, i) is plain and not yet copied
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    std::size_t broken = 0;
    if (c >= 0x80) {
      if (const std::size_t len = sequence_at(s, i, broken)) {
        i += len;
        continue;
      }
    }
    out.append(s.data() + done, i - done);
    if (c >= 0x80) {
      out += "\xEF\xBF\xBD";
      i += broken;
    } else {
      append_escape(out, c);
      ++i;
    }
    done = i;
  }
  out.append(s.data() + done, s.size() - done);
  out += '"';
}

}  // namespace commonsbot::adapters::slack::json_out
