// Reading a report's records (see report.hpp). Each collection is scanned once, by tenant;
// whatever cannot be read is skipped, never fatal.
#include "collab/report.hpp"

#include "collab/report_records.hpp"
#include "core/keys.hpp"
#include "flows/action.hpp"

namespace commonsbot::collab {

report_input gather_report(const flows::record_view& records, std::string_view tenant, const period& when) {
  report_input in;
  in.tenant = std::string(tenant);
  in.when = when;
  const std::string prefix = core::tenant_prefix(tenant);
  for (const auto& p : people_of(records, tenant)) {
    in.roles[p.key()] = p.role;
    if (!p.display_name.empty()) in.names[p.key()] = p.display_name;
  }
  in.plans = evidence::plans_of(records, tenant);
  for (const auto& [key, j] : records.scan(collab_log_collection, prefix)) in.logs.push_back(j.get<log_entry>());
  for (const auto& [key, j] : records.scan("bookings", prefix))
    if (j.is_object()) in.bookings.push_back(j);
  for (const auto& [key, j] : records.scan(surveys_collection, prefix)) in.surveys.push_back(j.get<survey>());
  for (const auto& [key, j] : records.scan(survey_answers_collection, prefix)) in.answers.push_back(j.get<survey_response>());
  for (const auto& [key, j] : records.scan("digest_profiles", prefix))
    if (j.is_object()) in.digest_profiles.emplace(key, j);
  for (const auto& [key, j] : records.scan("digest_sent", prefix))
    if (j.is_object()) in.digest_sent.emplace(key, j);
  return in;
}

}  // namespace commonsbot::collab
