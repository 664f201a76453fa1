#include "digest/feed_source.hpp"

#include <nlohmann/json.hpp>

#include <unordered_set>

namespace commonsbot::digest {
namespace {

// The current feed's guids in order, then older ones it has dropped, newest first, up to the
// cap. The current feed is never cut, or its oldest items would come back as new.
std::vector<std::string> remember(const feed& current, const std::vector<std::string>& before) {
  std::vector<std::string> out;
  std::unordered_set<std::string> in;
  for (const auto& item : current.items)
    if (in.insert(item.guid).second) out.push_back(item.guid);
  for (const auto& guid : before) {
    if (out.size() >= max_seen_guids) break;
    if (in.insert(guid).second) out.push_back(guid);
  }
  return out;
}

void failed(source_state& state, poll_result& result, std::string error) {
  state.last_error = std::move(error);
  ++state.consecutive_failures;
  if (state.consecutive_failures == failures_before_report) result.tell_staff = poll_result::notice::broken;
}

void worked(source_state& state, poll_result& result, std::int64_t now_ms) {
  if (state.consecutive_failures >= failures_before_report) result.tell_staff = poll_result::notice::recovered;
  state.consecutive_failures = 0;
  state.last_error.clear();
  state.last_ok_ms = now_ms;
}

}  // namespace

fetch::request next_request(const source_state& state) {
  fetch::request r;
  r.url = state.url;
  r.etag = state.etag;
  r.last_modified = state.last_modified;
  r.max_bytes = max_feed_bytes;
  return r;
}

poll_result poll(source_state& state, const fetch::result& fetched, std::int64_t now_ms) {
  poll_result result;
  state.last_checked_ms = now_ms;
  switch (fetched.what) {
    case fetch::result::outcome::failed:
      failed(state, result, fetched.error.empty() ? "the feed could not be fetched. Try again later." : fetched.error);
      return result;
    case fetch::result::outcome::not_modified:
      if (!fetched.etag.empty()) state.etag = fetched.etag;
      if (!fetched.last_modified.empty()) state.last_modified = fetched.last_modified;
      worked(state, result, now_ms);
      return result;
    case fetch::result::outcome::fetched:
      break;
  }
  parse_result parsed = parse_feed(fetched.body);
  if (!parsed.ok) {
    // Keep the old validators: the next request must fetch the body again, not get a 304
    // for the copy that could not be read.
    failed(state, result, parsed.error);
    return result;
  }
  result.first = state.last_ok_ms == 0;
  const std::unordered_set<std::string> seen(state.seen.begin(), state.seen.end());
  for (auto& item : parsed.parsed.items)
    if (!seen.contains(item.guid)) result.new_items.push_back(item);
  result.warnings = std::move(parsed.parsed.warnings);
  state.seen = remember(parsed.parsed, state.seen);
  state.etag = fetched.etag;
  state.last_modified = fetched.last_modified;
  worked(state, result, now_ms);
  return result;
}

void to_json(nlohmann::json& j, const source_state& s) {
  j = nlohmann::json{{"url", s.url},
                     {"etag", s.etag},
                     {"last_modified", s.last_modified},
                     {"last_checked_ms", s.last_checked_ms},
                     {"last_ok_ms", s.last_ok_ms},
                     {"last_error", s.last_error},
                     {"consecutive_failures", s.consecutive_failures},
                     {"seen", s.seen}};
}

void from_json(const nlohmann::json& j, source_state& s) {
  s = {};
  s.url = j.value("url", std::string());
  s.etag = j.value("etag", std::string());
  s.last_modified = j.value("last_modified", std::string());
  s.last_checked_ms = j.value("last_checked_ms", std::int64_t{0});
  s.last_ok_ms = j.value("last_ok_ms", std::int64_t{0});
  s.last_error = j.value("last_error", std::string());
  s.consecutive_failures = j.value("consecutive_failures", 0);
  s.seen = j.value("seen", std::vector<std::string>());
}

}  // namespace commonsbot::digest
