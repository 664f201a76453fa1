#include "nudges/fire_support.hpp"

#include "collab/people_records.hpp"
#include "delivery/outbox_entry.hpp"
#include "meetings/delivery_time.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::nudges::detail {

const tenant_settings& settings_of(const context& ctx, const std::string& tenant) {
  static const tenant_settings none;
  auto it = ctx.tenants.find(tenant);
  return it == ctx.tenants.end() ? none : it->second;
}

std::string zone_for(const core::person& p, const tenant_settings& s, const std::string& fallback) {
  if (!p.time_zone.empty()) return p.time_zone;
  if (!s.time_zone.empty()) return s.time_zone;
  return fallback.empty() ? "UTC" : fallback;
}

std::string locale_for(const context& ctx, const core::person& p) {
  return p.locale.empty() ? ctx.default_locale : p.locale;
}

void deliver(const context& ctx, const core::person& p, nudge_record rec, const std::string& zone, long long now_ms,
             const std::function<core::message()>& draw, store::transaction& txn) {
  // Read before write: a fire that runs again (a retried batch, run-now on the same minute)
  // never reaches someone twice.
  if (ctx.db && ctx.db->get(collection, rec.key())) return;
  const auto when = meetings::when_to_deliver(p.nudges, zone, now_ms, rec.meeting_ms);
  rec.reason = when.reason;
  rec.at_ms = when.at_ms;
  switch (when.what) {
    case meetings::delivery_time::verdict::skip: rec.status = "skipped"; break;
    case meetings::delivery_time::verdict::defer: rec.status = "deferred"; break;
    case meetings::delivery_time::verdict::send: rec.status = "sent"; break;
  }
  if (rec.status != "skipped") {
    rec.message = draw();
    delivery::enqueue_at(txn, collab::reach(p), rec.message, now_ms, when.at_ms);
  }
  txn.put(std::string(collection), rec.key(), rec);
}

}  // namespace commonsbot::nudges::detail
