#include "collab/plan_records.hpp"

#include "core/keys.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace commonsbot::collab {
namespace {

std::optional<plan> read_plan(const nlohmann::json& j) {
  try {
    return j.get<plan>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

long long id_number(std::string_view id) {
  long long n = 0;
  if (id.size() > 1) std::from_chars(id.data() + 1, id.data() + id.size(), n);
  return n;
}

}  // namespace

bool looks_like_plan_id(std::string_view word) {
  if (word.size() < 2 || word.size() > 12 || (word[0] != 'p' && word[0] != 'P')) return false;
  return std::all_of(word.begin() + 1, word.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::optional<plan> load_plan(const flows::record_view& records, std::string_view tenant, std::string_view id) {
  const std::string key = core::tenant_key(tenant, core::to_lower_ascii(id));
  auto j = records.get(plans_collection, key);
  if (!j) return std::nullopt;
  return read_plan(*j);
}

void stage_plan(store::transaction& txn, const plan& p) { txn.put(std::string(plans_collection), p.key(), p); }

std::vector<plan> open_plans_of(const flows::record_view& records, std::string_view tenant, std::string_view person_key) {
  std::vector<plan> out;
  for (const auto& [key, j] : records.scan(plans_collection, core::tenant_prefix(tenant)))
    if (auto p = read_plan(j); p && p->has_partner(person_key) && p->status != plan_status::reflected)
      out.push_back(std::move(*p));
  std::sort(out.begin(), out.end(), [](const plan& a, const plan& b) {
    if (a.created_ms != b.created_ms) return a.created_ms > b.created_ms;
    return id_number(a.id) > id_number(b.id);
  });
  return out;
}

}  // namespace commonsbot::collab
