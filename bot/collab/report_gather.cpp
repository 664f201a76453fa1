// Reading a report's records (see report.hpp). Each collection is scanned once, by tenant;
// whatever cannot be read is logged, counted and skipped, never fatal.
#include "collab/report.hpp"

#include "collab/report_records.hpp"
#include "core/keys.hpp"
#include "flows/action.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab {
namespace {

// Appends each readable record of `collection` as a T; logs and counts the rest.
template <typename T>
void read_each(const flows::record_view& records, std::string_view collection, const std::string& prefix,
               std::vector<T>& out, int& unreadable) {
  for (const auto& [key, j] : records.scan(collection, prefix)) {
    try {
      if (!j.is_object()) throw std::invalid_argument("not a JSON object");
      out.push_back(j.template get<T>());
    } catch (const std::exception& e) {
      log::warn("record.unreadable").kv("collection", collection).kv("key", key).kv("error", e.what());
      ++unreadable;
    }
  }
}

}  // namespace

report_input gather_report(const flows::record_view& records, std::string_view tenant, const period& when) {
  report_input in;
  in.tenant = std::string(tenant);
  in.when = when;
  const std::string prefix = core::tenant_prefix(tenant);
  for (const auto& p : people_of(records, tenant)) {
    in.roles[p.key()] = p.role;
    if (!p.display_name.empty()) in.names[p.key()] = p.display_name;
  }
  in.plans = evidence::plans_of(records, tenant, &in.unreadable);
  read_each(records, collab_log_collection, prefix, in.logs, in.unreadable);
  read_each(records, "bookings", prefix, in.bookings, in.unreadable);
  read_each(records, surveys_collection, prefix, in.surveys, in.unreadable);
  read_each(records, survey_answers_collection, prefix, in.answers, in.unreadable);
  for (const auto& [key, j] : records.scan("digest_profiles", prefix))
    if (j.is_object()) in.digest_profiles.emplace(key, j);
  for (const auto& [key, j] : records.scan("digest_sent", prefix))
    if (j.is_object()) in.digest_sent.emplace(key, j);
  return in;
}

}  // namespace commonsbot::collab
