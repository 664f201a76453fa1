#include "collab/log_entry.hpp"

#include "core/json_fields.hpp"
#include "core/keys.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab {
namespace {

std::vector<std::string> texts(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace

std::string log_entry::key() const { return core::tenant_key(tenant, id); }

void to_json(nlohmann::json& j, const log_entry& e) {
  j = {{"id", e.id},
       {"tenant", e.tenant},
       {"by", e.by},
       {"with", e.with},
       {"with_names", e.with_names},
       {"what", e.what},
       {"level", e.level},
       {"model", e.model},
       {"learning_area", e.learning_area},
       {"year_level", e.year_level},
       {"date", e.date},
       {"at_ms", e.at_ms}};
}

void from_json(const nlohmann::json& j, log_entry& e) {
  e = log_entry{};
  if (!j.is_object()) return;
  e.id = core::string_field(j, "id");
  e.tenant = core::string_field(j, "tenant");
  e.by = core::string_field(j, "by");
  e.with = texts(j, "with");
  e.with_names = texts(j, "with_names");
  e.what = core::string_field(j, "what");
  e.level = core::string_field(j, "level");
  e.model = core::string_field(j, "model");
  e.learning_area = core::string_field(j, "learning_area");
  e.year_level = core::string_field(j, "year_level");
  e.date = core::string_field(j, "date");
  if (auto it = j.find("at_ms"); it != j.end() && it->is_number_integer()) e.at_ms = it->get<long long>();
}

}  // namespace commonsbot::collab
