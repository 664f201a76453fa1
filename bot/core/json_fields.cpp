#include "core/json_fields.hpp"

namespace commonsbot::core {

std::string string_field(const nlohmann::json& j, std::string_view key, std::string_view otherwise) {
  if (!j.is_object()) return std::string(otherwise);
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string(otherwise);
}

long long integer_field(const nlohmann::json& j, std::string_view key, long long otherwise) {
  if (!j.is_object()) return otherwise;
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<long long>() : otherwise;
}

}  // namespace commonsbot::core
