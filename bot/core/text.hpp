// Small text helpers shared by adapters and flows.
#pragma once

#include <string>
#include <string_view>

namespace commonsbot::core {

std::string trim(std::string_view s);
std::string to_lower_ascii(std::string_view s);
// True if `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view s);
// Number of code points in valid UTF-8 `s`.
std::size_t utf8_length(std::string_view s);
// Byte offset just past the first `n` code points of UTF-8 `s` (or s.size()), so a cut there
// never splits a character.
std::size_t utf8_prefix_bytes(std::string_view s, std::size_t n);

}  // namespace commonsbot::core
