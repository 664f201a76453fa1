#include "digest/feed_import.hpp"

#include "catalogue/catalogue.hpp"
#include "core/keys.hpp"
#include "core/message.hpp"
#include "delivery/outbox_entry.hpp"
#include "digest/profile.hpp"
#include "fetch/fetch.hpp"
#include "flows/message_catalog.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace commonsbot::digest {
namespace {

bool known_area(const std::string& name) {
  const auto& all = catalogue::known_areas();
  return std::find(all.begin(), all.end(), catalogue::canonical_area(name)) != all.end();
}

// Year levels from labels feeds write ("Year 5", "Years 7-8", "Yr 3", "NE", "5-6").
std::vector<int> years_of(const std::vector<std::string>& labels) {
  std::vector<std::string> bare;
  for (const auto& label : labels) {
    std::string t;
    for (const char c : label) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string_view prefix : {"years", "year", "yrs", "yr", "y"}) {
      if (t.rfind(prefix, 0) == 0 && t.size() > prefix.size() &&
          (t[prefix.size()] == ' ' || std::isdigit(static_cast<unsigned char>(t[prefix.size()])))) {
        t.erase(0, prefix.size());
        break;
      }
    }
    bare.push_back(std::move(t));
  }
  return new_profile({}, {}, {}, bare).year_levels;
}

core::message notice_message(const feed_config& feed, const source_state& state, poll_result::notice what,
                             const staff_notice& n) {
  // Only the host is shown: a feed's path or query is often its secret (a private link).
  const std::string address = fetch::display_address(feed.url);
  const std::string name = feed.name.empty() ? address : feed.name;
  core::message m;
  if (what == poll_result::notice::broken) {
    m.text = n.words->text(n.locale, "feeds.broken", {{"feed", name}, {"url", address}, {"error", state.last_error},
                                                      {"count", std::to_string(state.consecutive_failures)}});
    m.context = n.words->text(n.locale, "feeds.broken_hint", {{"url", address}});
  } else {
    m.text = n.words->text(n.locale, "feeds.recovered", {{"feed", name}, {"url", address}});
  }
  return m;
}

}  // namespace

std::string source_key(std::string_view tenant, std::string_view url) {
  return core::tenant_key(tenant, catalogue::make_id(url));
}

std::optional<catalogue::resource> to_resource(const feed_item& item, const feed_config& feed, std::string_view today) {
  catalogue::resource r;
  r.link = item.link;
  r.id = catalogue::make_id(item.link);
  r.title = item.title;
  r.description = item.summary;
  r.format = "article";
  r.added = item.published.empty() ? std::string(today) : item.published;
  for (const auto& c : item.categories) {
    if (known_area(c)) {
      r.learning_areas.push_back(catalogue::canonical_area(c));
    } else if (const auto years = years_of({c}); !years.empty()) {
      r.year_levels.insert(r.year_levels.end(), years.begin(), years.end());
    } else {
      r.keywords.push_back(c);
    }
  }
  if (r.learning_areas.empty()) r.learning_areas = feed.learning_areas;
  if (r.year_levels.empty()) r.year_levels = years_of(feed.year_levels);
  catalogue::normalise(r);
  catalogue::problem_list problems;
  if (!catalogue::validate(r, problems)) return std::nullopt;
  return r;
}

feed_update apply_fetch(const feed_config& feed, std::string_view tenant, source_state state,
                        const fetch::result& fetched, long long now_ms, std::string_view today,
                        const std::function<bool(std::string_view id)>& known, const staff_notice& notice) {
  feed_update out;
  if (state.url.empty()) state.url = feed.url;
  const auto polled = poll(state, fetched, now_ms);
  out.told = polled.tell_staff;
  out.error = state.last_error;  // empty while the feed works
  std::vector<std::string> ids;  // this poll's, so one feed repeating a link adds it once
  for (const auto& item : polled.new_items) {
    auto r = to_resource(item, feed, today);
    if (!r || (known && known(r->id)) || std::find(ids.begin(), ids.end(), r->id) != ids.end()) {
      ++out.skipped;
      continue;
    }
    ids.push_back(r->id);
    catalogue::stage_upsert(out.txn, tenant, *r);
    out.added.push_back(std::move(*r));
  }
  if (out.told != poll_result::notice::none && notice.words) {
    const auto m = notice_message(feed, state, out.told, notice);
    for (const auto& to : notice.to) commonsbot::delivery::enqueue(out.txn, to, m, now_ms);
  }
  out.txn.put(std::string(sources_collection), source_key(tenant, feed.url), nlohmann::json(state));
  return out;
}

}  // namespace commonsbot::digest
