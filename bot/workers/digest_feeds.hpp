// Polling the RSS / Atom feeds library staff configured (config tenants[].feeds) when their
// refresh period has passed, from the serve loop's thread: a conditional GET with the stored
// ETag / Last-Modified (an unchanged feed costs a 304), then digest::apply_fetch, whose ONE
// transaction holds the feed's new state, its new catalogue resources and (when the feed has
// just broken or come back) a notice to each of the school's library staff. The resources
// join the in-memory catalogue only after that commit. A restart neither re-fetches at once
// (last_checked_ms is stored) nor adds an item twice (seen guids and the catalogue's ids).
#pragma once

#include "catalogue/catalogue.hpp"
#include "digest/digest_context.hpp"
#include "digest/feed_import.hpp"
#include "store/store.hpp"
#include "workers/calendar_feeds.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace commonsbot::workers {

struct feed_round {
  std::size_t polled = 0;
  std::size_t added = 0;     // resources added to the catalogue
  std::size_t failed = 0;    // polls that failed (the feed's problem, or the commit's)
  std::size_t notices = 0;   // notices queued to library staff
  std::vector<std::string> outbox_keys;  // for the delivery worker
};

class digest_feeds {
 public:
  // `fetch` empty: fetch::get. `ctx.tenants` names the feeds; `ctx.messages` words the notices.
  digest_feeds(store::store& db, catalogue::catalogue& cat, const digest::context& ctx, feed_fetcher fetch = {});

  // Polls every feed whose refresh period has passed since it was last checked.
  feed_round refresh_due(long long now_ms);

  // Polls one feed now, whether due or not (refresh_due, and tests).
  void refresh(const std::string& tenant, const digest::feed_config& feed, long long now_ms, feed_round& round);

 private:
  digest::source_state state_of(const std::string& tenant, const std::string& url) const;

  store::store& db_;
  catalogue::catalogue& cat_;
  const digest::context& ctx_;
  feed_fetcher fetch_;
};

}  // namespace commonsbot::workers
