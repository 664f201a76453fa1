#include "schedule/job.hpp"

#include "core/keys.hpp"

namespace commonsbot::schedule {

std::string job::key() const { return core::tenant_key(tenant, id); }

std::vector<std::string> check(const job& j) {
  std::vector<std::string> problems;
  if (j.id.empty() || j.id.find_first_of("/@") != std::string::npos) problems.push_back("a job id must be non-empty, without '/' or '@'");
  if (j.tenant.empty() || j.tenant.find('/') != std::string::npos) problems.push_back("a job needs a tenant without '/'");
  if (j.kind.empty()) problems.push_back("a job needs a kind");
  for (auto& p : check(j.rule)) problems.push_back(std::move(p));
  return problems;
}

void to_json(nlohmann::json& j, const job& v) {
  j = {{"id", v.id},
       {"tenant", v.tenant},
       {"kind", v.kind},
       {"rule", v.rule},
       {"payload", v.payload},
       {"last_fire_id", v.last_fire_id},
       {"next_due_ms", v.next_due_ms},
       {"next_local", v.next_local}};
}

void from_json(const nlohmann::json& j, job& v) {
  v.id = j.at("id").get<std::string>();
  v.tenant = j.at("tenant").get<std::string>();
  v.kind = j.at("kind").get<std::string>();
  v.rule = j.at("rule").get<recurrence>();
  v.payload = j.value("payload", nlohmann::json::object());
  v.last_fire_id = j.value("last_fire_id", std::string());
  v.next_due_ms = j.value("next_due_ms", 0LL);
  v.next_local = j.value("next_local", std::string());
}

}  // namespace commonsbot::schedule
