// Small helpers over JSON *text*. The store keeps every document as its compact JSON string
// and writes files by concatenating such strings, so it needs to quote strings, dump values
// without throwing, and find its way through lines it wrote itself without building trees.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace commonsbot::store::json_text {

// Compact JSON of `v`. Invalid UTF-8 in strings becomes U+FFFD instead of throwing, so one
// bad chat message can never make a whole group commit fail. Control characters are
// escaped, so the result never holds a raw newline (which is what makes lines safe).
std::string dump(const nlohmann::json& v);

// Appends `s` as a quoted JSON string (invalid UTF-8 replaced as in dump).
void append_string(std::string& out, std::string_view s);

// True when `s` is valid UTF-8 (so append_string keeps it byte for byte).
bool is_valid_utf8(std::string_view s);

// Readers over text the store wrote. Each takes `pos` at the start of the token, moves it
// past the token on success, and leaves it unspecified on failure.
bool read_string(std::string_view text, std::size_t& pos, std::string& out);
bool read_uint(std::string_view text, std::size_t& pos, std::uint64_t& out);
bool skip_literal(std::string_view text, std::size_t& pos, std::string_view literal);
// Skips one JSON value (object, array, string, number, true/false/null). This checks
// structure, not every grammar rule: it runs only on bytes whose checksum already matched.
bool skip_value(std::string_view text, std::size_t& pos);

}  // namespace commonsbot::store::json_text
