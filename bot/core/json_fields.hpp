// Reading fields of stored records and platform payloads that may be missing or of another
// type (an older record, a hand-edited file): such a field reads as the fallback, never
// throws. Every record reader uses these, so "absent" means the same thing everywhere.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace commonsbot::core {

// The string at `key` of object `j`; `otherwise` if `j` is not an object, or the field is
// missing or not a string.
std::string string_field(const nlohmann::json& j, std::string_view key, std::string_view otherwise = {});

// The integer at `key` of object `j`; `otherwise` if missing or not an integer.
long long integer_field(const nlohmann::json& j, std::string_view key, long long otherwise = 0);

}  // namespace commonsbot::core
