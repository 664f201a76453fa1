// Writing JSON text straight into a string. A command's reply is rendered on every request;
// building it as an nlohmann tree (a map node per key) and dumping that cost more than the
// rest of the request together, so the request path writes the text itself.
#pragma once

#include <string>
#include <string_view>

namespace commonsbot::adapters::slack::json_out {

// Appends `s` as a quoted JSON string, byte for byte what nlohmann's
// dump(-1, ' ', false, error_handler_t::replace) writes: `"`, `\` and control characters
// escaped, other characters kept as UTF-8, and invalid UTF-8 replaced by U+FFFD (one per
// broken sequence), so a reply never fails on bad text.
void append_string(std::string& out, std::string_view s);

}  // namespace commonsbot::adapters::slack::json_out
