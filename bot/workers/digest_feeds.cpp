#include "workers/digest_feeds.hpp"

#include "collab/people_records.hpp"
#include "core/keys.hpp"
#include "digest/digest_fire.hpp"
#include "fetch/fetch.hpp"
#include "log/log.hpp"
#include "schedule/zone.hpp"

#include <nlohmann/json.hpp>

#include <exception>

namespace commonsbot::workers {
namespace {

// Today in the school's zone, for items that carry no date (Auckland's when the school
// names none, or one the zoneinfo does not know).
std::string school_today(const std::string& zone_name, long long now_ms) {
  const std::string today = schedule::today_in(zone_name, now_ms);
  return today.empty() ? schedule::today_in("Pacific/Auckland", now_ms) : today;
}

}  // namespace

digest_feeds::digest_feeds(store::store& db, catalogue::catalogue& cat, const digest::context& ctx, feed_fetcher fetch)
    : db_(db), cat_(cat), ctx_(ctx), fetch_(fetch ? std::move(fetch) : feed_fetcher(fetch::get)) {}

digest::source_state digest_feeds::state_of(const std::string& tenant, const std::string& url) const {
  digest::source_state s;
  if (const auto j = db_.get(digest::sources_collection, digest::source_key(tenant, url))) {
    try {
      s = j->get<digest::source_state>();
    } catch (const std::exception& e) {
      // A damaged record costs one full re-read of the feed (the catalogue's ids still stop
      // repeats), never the feed itself.
      log::warn("digest.feed_state_unreadable").kv("tenant", tenant).kv("feed", fetch::display_address(url)).kv("error", e.what());
      s = {};
    }
  }
  s.url = url;
  return s;
}

feed_round digest_feeds::refresh_due(long long now_ms) {
  feed_round round;
  for (const auto& [tenant, settings] : ctx_.tenants)
    for (const auto& feed : settings.feeds) {
      const auto s = state_of(tenant, feed.url);
      if (s.last_checked_ms > 0 && now_ms - s.last_checked_ms < feed.refresh_minutes * 60 * 1000) continue;
      refresh(tenant, feed, now_ms, round);
    }
  return round;
}

void digest_feeds::refresh(const std::string& tenant, const digest::feed_config& feed, long long now_ms,
                           feed_round& round) {
  const auto state = state_of(tenant, feed.url);
  const auto fetched = fetch_(digest::next_request(state));
  ++round.polled;

  digest::staff_notice notice;
  notice.words = ctx_.messages;
  notice.locale = ctx_.default_locale;
  digest::store_view records(db_);
  for (const auto& p : collab::people_of(records, tenant))
    if (p.role == core::role::library_staff) notice.to.push_back(collab::reach(p));

  const auto it = ctx_.tenants.find(tenant);
  const auto today = school_today(it == ctx_.tenants.end() ? std::string() : it->second.time_zone, now_ms);
  auto u = digest::apply_fetch(feed, tenant, state, fetched, now_ms, today,
                               [&](std::string_view id) { return cat_.find(tenant, id) != nullptr; }, notice);
  std::vector<std::string> outbox_keys;
  for (const auto& op : u.txn.operations())
    if (op.op == store::operation::kind::put && op.collection == core::collections::outbox) outbox_keys.push_back(op.key);
  if (const auto st = db_.commit(std::move(u.txn)); !st) {
    ++round.failed;
    log::error("digest.feed_commit_failed").kv("tenant", tenant).kv("feed", fetch::display_address(feed.url)).kv("error", st.to_string());
    return;  // nothing of it happened: the next round polls again
  }
  for (auto& r : u.added) cat_.upsert(tenant, std::move(r));
  round.added += u.added.size();
  round.notices += outbox_keys.size();
  round.outbox_keys.insert(round.outbox_keys.end(), outbox_keys.begin(), outbox_keys.end());
  if (!u.error.empty()) {
    ++round.failed;
    log::warn("digest.feed_failed").kv("tenant", tenant).kv("feed", fetch::display_address(feed.url)).kv("error", u.error)
        .kv("told_staff", u.told == digest::poll_result::notice::broken);
  } else {
    log::info("digest.feed_polled").kv("tenant", tenant).kv("feed", fetch::display_address(feed.url)).kv("added", u.added.size())
        .kv("skipped", u.skipped).kv("status", fetched.status);
  }
}

}  // namespace commonsbot::workers
