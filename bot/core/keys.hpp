// Store collections and keys. Every key starts with the tenant, so one deployment can serve
// many schools and no lookup ever reaches across them.
#pragma once

#include <string>
#include <string_view>

namespace commonsbot::core {

namespace collections {
inline constexpr std::string_view people = "people";      // tenant/platform:user -> person
inline constexpr std::string_view sessions = "sessions";  // tenant/platform/conversation/user -> flow session
inline constexpr std::string_view dedupe = "dedupe";      // tenant/platform/delivery_id -> {at}
inline constexpr std::string_view outbox = "outbox";      // tenant/id -> outbound entry
// tenant/platform -> {"org", "first_seen_ms"}: the organisation a tenant was first seen in
// (Slack's enterprise id), written once by the pipeline from a verified request.
inline constexpr std::string_view tenant_orgs = "tenant_orgs";
}  // namespace collections

// "<tenant>/<rest>". The tenant id must not contain '/'; check-config enforces it.
inline std::string tenant_key(std::string_view tenant, std::string_view rest) {
  std::string k;
  k.reserve(tenant.size() + 1 + rest.size());
  k.append(tenant).append("/").append(rest);
  return k;
}

// The prefix of every key of `tenant`, for scans.
inline std::string tenant_prefix(std::string_view tenant) { return std::string(tenant) + "/"; }

}  // namespace commonsbot::core
