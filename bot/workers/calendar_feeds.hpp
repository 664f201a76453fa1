// Re-fetching the iCalendar feeds of meetings (config tenants[].calendars) when their
// refresh period has passed: a conditional GET with the stored ETag / Last-Modified (a feed
// that has not changed costs a 304), libical's expansion over [today - 1, today + 400], and
// the import applied to the tenant's meetings of that source. What was sent and when lives
// in the "calendar_feeds" collection ("<tenant>/<hash of the URL>"), so a restart neither
// re-fetches at once nor forgets the ETag. A failure is logged with the feed and the reason
// and tried again next period; the meetings it imported before stay as they were.
#pragma once

#include "fetch/fetch.hpp"
#include "store/store.hpp"
#include "workers/schedule_derive.hpp"

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::workers {

inline constexpr std::string_view calendar_feeds_collection = "calendar_feeds";

using feed_fetcher = std::function<fetch::result(const fetch::request&)>;

class calendar_feeds {
 public:
  calendar_feeds(store::store& db, feed_fetcher fetch);

  // Refreshes every due feed of `tenants`; returns the tenants whose meetings changed.
  std::set<std::string> refresh_due(const std::vector<tenant_schedule>& tenants, long long now_ms);

  // The store key of a feed's record.
  static std::string key(std::string_view tenant, std::string_view url);

 private:
  // True when the feed changed the tenant's meetings.
  bool refresh(const tenant_schedule& t, const calendar_feed_settings& feed, long long now_ms);

  store::store& db_;
  feed_fetcher fetch_;
};

}  // namespace commonsbot::workers
