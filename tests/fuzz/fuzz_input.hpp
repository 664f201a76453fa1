// Reads a fuzzer's bytes as a few choices followed by text, so one input can pick a mode and
// still carry the payload verbatim (the seed corpora are real fixtures behind a mode byte).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

class input {
 public:
  input(const std::uint8_t* data, std::size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next byte (0 when none is left).
  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }

  // Everything not read yet.
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

// `text` cut at every '\n' (the last piece may be empty).
inline std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) return out;
    text.remove_prefix(nl + 1);
  }
}

// True if `link` starts with http:// or https://, the scheme in any case (as URLs allow).
inline bool is_web_link(std::string_view link) {
  std::string scheme(link.substr(0, link.find("://") + 1));
  for (char& c : scheme)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return scheme == "http:" || scheme == "https:";
}

}  // namespace fuzz
