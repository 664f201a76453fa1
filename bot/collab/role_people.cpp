#include "collab/role_people.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab::people {
namespace {

std::optional<core::person> read_person(const nlohmann::json& j) {
  // Records are ours, but an old or hand-edited one must not take a conversation down.
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
  for (const auto& [key, value] : records.scan(core::collections::people, core::tenant_prefix(tenant)))
    if (auto p = read_person(value)) out.push_back(std::move(*p));
  return out;
}

core::conversation_ref reach(const core::person& p) {
  if (!p.direct.platform.empty() && !p.direct.user_id.empty()) return p.direct;
  core::conversation_ref r;
  r.platform = p.platform;
  r.tenant = p.tenant;
  r.user_id = p.user_id;
  return r;
}

std::string name_of(const core::person& p) { return p.display_name.empty() ? p.user_id : p.display_name; }

std::string person_record_key(const core::person& p) { return core::tenant_key(p.tenant, p.key()); }

}  // namespace commonsbot::collab::people
