#include "pipeline/tenant_orgs.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::pipeline {

std::string org_of(const store::store& db, std::string_view platform, std::string_view tenant) {
  if (tenant.empty()) return {};
  const auto record = db.get(core::collections::tenant_orgs, core::tenant_key(tenant, platform));
  if (!record || !record->is_object()) return {};
  const auto org = record->find("org");
  return org != record->end() && org->is_string() ? org->get<std::string>() : std::string();
}

}  // namespace commonsbot::pipeline
