#include "workers/calendar_feeds.hpp"

#include "core/keys.hpp"
#include "fetch/fetch.hpp"
#include "log/log.hpp"
#include "meetings/ics_import.hpp"
#include "meetings/ics_store.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace commonsbot::workers {
namespace {

constexpr long long day_ms = 24LL * 60 * 60 * 1000;
constexpr long long horizon_days = 400;

// FNV-1a: a key that stays the same across builds and restarts (std::hash need not).
std::string url_hash(std::string_view url) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const unsigned char c : url) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::size_t meeting_changes(const store::transaction& txn) {
  std::size_t n = 0;
  for (const auto& op : txn.operations()) n += op.collection == meetings::collection;
  return n;
}

}  // namespace

calendar_feeds::calendar_feeds(store::store& db, feed_fetcher fetch) : db_(db), fetch_(std::move(fetch)) {
  if (!fetch_) fetch_ = [](const fetch::request& r) { return fetch::get(r); };
}

std::string calendar_feeds::key(std::string_view tenant, std::string_view url) {
  return core::tenant_key(tenant, url_hash(url));
}

std::set<std::string> calendar_feeds::refresh_due(const std::vector<tenant_schedule>& tenants, long long now_ms) {
  std::set<std::string> changed;
  for (const auto& t : tenants)
    for (const auto& feed : t.feeds)
      if (refresh(t, feed, now_ms)) changed.insert(t.id);
  return changed;
}

bool calendar_feeds::refresh(const tenant_schedule& t, const calendar_feed_settings& feed, long long now_ms) {
  const auto record_key = key(t.id, feed.url);
  nlohmann::json record = db_.get(calendar_feeds_collection, record_key).value_or(nlohmann::json::object());
  if (!record.is_object()) record = nlohmann::json::object();
  const long long period_ms = std::max<long long>(1, feed.refresh_minutes) * 60 * 1000;
  if (record.contains("checked_ms") && now_ms < record.value("checked_ms", 0LL) + period_ms) return false;

  fetch::request req;
  req.url = feed.url;
  req.etag = record.value("etag", "");
  req.last_modified = record.value("last_modified", "");
  const auto got = fetch_(req);
  record["url"] = feed.url;
  record["checked_ms"] = now_ms;

  store::transaction txn;
  std::size_t changes = 0;
  if (got.what == fetch::result::outcome::failed) {
    record["error"] = got.error;
    log::warn("calendar.fetch_failed").kv("tenant", t.id).kv("feed", fetch::display_address(feed.url)).kv("reason", got.error)
        .kv("retry_in_minutes", feed.refresh_minutes);
  } else if (got.what == fetch::result::outcome::not_modified) {
    record.erase("error");
    log::debug("calendar.not_modified").kv("tenant", t.id).kv("feed", fetch::display_address(feed.url));
  } else {
    const auto zone_name = !feed.zone.empty() ? feed.zone : !t.time_zone.empty() ? t.time_zone : fallback_zone;
    meetings::ics_options opts;
    opts.tenant = t.id;
    opts.source = feed.url;
    opts.default_zone = zone_name;
    const auto z = schedule::zone::find(zone_name);
    const auto today = z ? z->to_local(now_ms).date : schedule::civil_from_days(now_ms / day_ms);
    opts.from = schedule::civil_from_days(schedule::days_from_civil(today) - 1);
    opts.to = schedule::civil_from_days(schedule::days_from_civil(today) + horizon_days);
    const auto imported = meetings::import_meetings(got.body, opts);
    for (const auto& p : imported.problems) log::warn("calendar.event_skipped").kv("feed", fetch::display_address(feed.url)).kv("problem", p);
    if (!imported.parsed) {
      // Not iCalendar at all (an error page, a moved file): keep the meetings we had, and
      // do not remember the ETag, so the next period fetches it whole again.
      record["error"] = "not an iCalendar file" +
                        (imported.problems.empty() ? std::string() : ": " + imported.problems.front());
      log::warn("calendar.fetch_failed").kv("tenant", t.id).kv("feed", fetch::display_address(feed.url)).kv("reason", record["error"].get<std::string>());
    } else {
      meetings::import_summary summary;
      txn = meetings::apply_import(db_, t.id, feed.url, imported, &summary);
      changes = meeting_changes(txn);
      for (const auto& why : summary.skipped) log::warn("calendar.event_skipped").kv("feed", fetch::display_address(feed.url)).kv("problem", why);
      record.erase("error");
      record["etag"] = got.etag;
      record["last_modified"] = got.last_modified;
      record["ok_ms"] = now_ms;
      log::info("calendar.imported").kv("tenant", t.id).kv("feed", fetch::display_address(feed.url)).kv("meetings", imported.meetings.size())
          .kv("changes", meetings::to_text(summary));
    }
  }
  txn.put(std::string(calendar_feeds_collection), record_key, record);
  if (const auto st = db_.commit(std::move(txn)); !st) {
    log::error("calendar.commit_failed").kv("tenant", t.id).kv("feed", fetch::display_address(feed.url)).kv("error", st.to_string());
    return false;
  }
  return changes > 0;
}

}  // namespace commonsbot::workers
