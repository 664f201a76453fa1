// Feed items into the catalogue (pure): each new item of a configured feed becomes a
// catalogue resource, staged in ONE transaction with the feed's remembered state (ETag,
// seen guids, failures) and, when the feed has just broken or recovered, a notice to the
// school's library staff through the outbox. The caller commits it and then applies `added`
// to the in-memory catalogue; a crash before the commit leaves everything as it was, so the
// next poll does the same again.
#pragma once

#include "catalogue/resource.hpp"
#include "core/conversation_ref.hpp"
#include "digest/digest_context.hpp"
#include "digest/feed.hpp"
#include "digest/feed_source.hpp"
#include "fetch/fetch.hpp"
#include "store/transaction.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::flows {
class message_catalog;
}

namespace commonsbot::digest {

// Store collection: source_key(tenant, url) -> source_state JSON.
inline constexpr std::string_view sources_collection = "feed_sources";

// "<tenant>/<catalogue::make_id(url)>".
std::string source_key(std::string_view tenant, std::string_view url);

// `item` as a resource: id from its link, added = its published date or `today`, learning
// areas and year levels from its categories (a category naming a learning area or a year)
// else from the feed's settings, its other categories as keywords, format "article".
// nullopt when it does not make a valid resource (no usable link or title).
std::optional<catalogue::resource> to_resource(const feed_item& item, const feed_config& feed, std::string_view today);

struct feed_update {
  store::transaction txn;                   // the state, new resources, any notice to staff
  std::vector<catalogue::resource> added;   // for catalogue.upsert after the commit
  poll_result::notice told = poll_result::notice::none;
  std::size_t skipped = 0;                  // new items already in the catalogue, or unusable
  std::string error;                        // the feed's problem when this poll failed
};

// What to say and to whom when a feed breaks or recovers.
struct staff_notice {
  std::vector<core::conversation_ref> to;   // the school's library staff (DMs)
  const flows::message_catalog* words = nullptr;  // null: no notice (logged only)
  std::string locale = "en-NZ";
};

// Folds `fetched` into `state` (poll()) and stages the outcome. `known(id)`: the catalogue
// already has a resource with this id (imported, added by hand, or from another feed).
feed_update apply_fetch(const feed_config& feed, std::string_view tenant, source_state state,
                        const fetch::result& fetched, long long now_ms, std::string_view today,
                        const std::function<bool(std::string_view id)>& known, const staff_notice& notice);

}  // namespace commonsbot::digest
