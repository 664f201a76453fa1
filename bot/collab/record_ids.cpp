#include "collab/record_ids.hpp"

#include "core/keys.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace commonsbot::collab {

std::string take_id(const flows::record_view& records, std::string_view tenant, std::string_view collection,
                    std::string_view prefix, store::transaction& writes) {
  const std::string key = core::tenant_key(tenant, collection);
  long long next = 1;
  if (auto j = records.get(counters_collection, key); j && j->is_object())
    if (auto it = j->find("next"); it != j->end() && it->is_number_integer()) next = std::max(1LL, it->get<long long>());
  auto id = [&] { return std::string(prefix) + std::to_string(next); };
  while (records.get(collection, core::tenant_key(tenant, id()))) ++next;
  writes.put(std::string(counters_collection), key, {{"next", next + 1}});
  return id();
}

}  // namespace commonsbot::collab
