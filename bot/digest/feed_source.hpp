// A feed library staff configured, as the poller remembers it between runs: the validators
// for a conditional GET, how it has been going, and which items it has already passed on.
// poll() is pure (the fetch happens elsewhere, through fetch::get), so it is tested without
// a network and a re-run with the same inputs gives the same answer.
#pragma once

#include "digest/feed.hpp"
#include "fetch/fetch.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace commonsbot::digest {

// Enough to remember every item of any real feed several times over; older guids are
// forgotten only once they have left the feed.
inline constexpr std::size_t max_seen_guids = 2000;
// A feed that fails this many polls in a row is reported to library staff once; a single
// failure is usually the network or the publisher's server having a moment.
inline constexpr int failures_before_report = 3;

struct source_state {
  std::string url;
  std::string etag;           // from the last 200, sent back as If-None-Match
  std::string last_modified;  // from the last 200, sent back as If-Modified-Since
  std::int64_t last_checked_ms = 0;
  std::int64_t last_ok_ms = 0;  // 0: never read successfully
  std::string last_error;       // empty while it works; words for library staff
  int consecutive_failures = 0;
  std::vector<std::string> seen;  // guids already passed on, the current feed's first
  bool operator==(const source_state&) const = default;
};

struct poll_result {
  enum class notice { none, broken, recovered };
  std::vector<feed_item> new_items;   // in the feed's order, never passed on before
  std::vector<std::string> warnings;  // the feed's item warnings, when it was read
  bool first = false;                 // the first successful read: everything is "new"
  // broken: this poll made it failures_before_report in a row (say so once, with
  // state.last_error); recovered: it works again after that was said.
  notice tell_staff = notice::none;
};

// The conditional request for the next poll.
fetch::request next_request(const source_state& state);

// Folds one fetch into the state and returns what is new. A 304 keeps everything; a fetched
// body is parsed (an unreadable one counts as a failure, with the parser's words).
poll_result poll(source_state& state, const fetch::result& fetched, std::int64_t now_ms);

void to_json(nlohmann::json& j, const source_state& s);
// Tolerates missing fields; throws nlohmann::json exceptions on wrong types.
void from_json(const nlohmann::json& j, source_state& s);

}  // namespace commonsbot::digest
