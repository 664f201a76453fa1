// Lists in text, both ways: splitting what people type ("maths; science") and joining names
// to show ("Sam, Mere and Aroha"). Each reader decides which separators its answers allow;
// the splitting and trimming is done once, here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::core {

// `text` cut at every character in `separators`; pieces trimmed, empty ones dropped.
std::vector<std::string> split_list(std::string_view text, std::string_view separators);

// `items` joined with `separator`, the last two with `last` (", " and " and " give
// "a, b and c").
std::string join_list(const std::vector<std::string>& items, std::string_view separator, std::string_view last);

}  // namespace commonsbot::core
