#include "collab/people_records.hpp"

#include "core/keys.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace commonsbot::collab {
namespace {

std::optional<core::person> read_person(const nlohmann::json& j) {
  if (!j.is_object()) return std::nullopt;
  try {
    return j.get<core::person>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<core::person> find_person(const flows::record_view& records, std::string_view tenant,
                                        std::string_view person_key) {
  auto stored = records.get(core::collections::people, core::tenant_key(tenant, person_key));
  if (!stored) return std::nullopt;
  return read_person(*stored);
}

std::vector<core::person> people_of(const flows::record_view& records, std::string_view tenant) {
  std::vector<core::person> out;
  for (const auto& [key, value] : records.scan(core::collections::people, core::tenant_prefix(tenant))) {
    auto p = read_person(value);
    if (!p || p->user_id.empty()) continue;  // nobody to match or to reach
    if (p->tenant.empty()) p->tenant = std::string(tenant);
    out.push_back(std::move(*p));
  }
  return out;
}

std::string name_of(const core::person& p) { return p.display_name.empty() ? p.user_id : p.display_name; }

std::string name_of(const flows::record_view& records, std::string_view tenant, std::string_view person_key) {
  if (auto p = find_person(records, tenant, person_key); p && !p->display_name.empty()) return p->display_name;
  const auto colon = person_key.find(':');
  return std::string(colon == std::string_view::npos ? person_key : person_key.substr(colon + 1));
}

core::conversation_ref reach(const core::person& p) {
  if (!p.direct.platform.empty() && !p.direct.user_id.empty()) return p.direct;
  core::conversation_ref r;
  r.platform = p.platform;
  r.tenant = p.tenant;
  r.user_id = p.user_id;
  return r;
}

core::conversation_ref direct_ref(const flows::record_view& records, std::string_view tenant,
                                  std::string_view person_key) {
  if (auto p = find_person(records, tenant, person_key); p && !p->direct.platform.empty() && !p->direct.user_id.empty())
    return p->direct;
  core::conversation_ref r;
  const auto colon = person_key.find(':');
  r.platform = std::string(person_key.substr(0, colon));
  r.tenant = std::string(tenant);
  r.user_id = colon == std::string_view::npos ? std::string(person_key) : std::string(person_key.substr(colon + 1));
  return r;
}

std::string console_user_id(std::string_view name) {
  std::string id;
  for (unsigned char c : core::to_lower_ascii(name)) id += std::isalnum(c) ? static_cast<char>(c) : '-';
  return id;
}

std::string person_record_key(const core::person& p) { return core::tenant_key(p.tenant, p.key()); }

}  // namespace commonsbot::collab
