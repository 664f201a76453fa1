// What sending digests has done for one teacher: the watermark, the ids already sent and the
// running totals. It is its own record ("digest_sent"), apart from the profile, so each record
// has one writer: people change "digest_profiles" in chat (settings, feedback, suggestions),
// under the pipeline's write guard; only the scheduled digest fire and `digest run`, which
// commit outside that guard, write "digest_sent". A fire that read the profile before a
// feedback click and commits after it therefore cannot write the old profile back over it.
//
// Records from before the split kept these fields in the profile. They are still read from
// there (profile::legacy_sent) until the first digest after the upgrade writes "digest_sent".
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::digest {

// Store collection: profile_key(tenant, person key) -> sent_state JSON.
inline constexpr std::string_view sent_collection = "digest_sent";

inline constexpr std::size_t max_sent = 500;  // newest kept; the watermark covers older ones

struct sent_state {
  // When the last digest went, and the newest `added` date it included: items added before
  // that date are never offered again.
  std::int64_t last_sent_ms = 0;
  std::string last_sent_added;    // "YYYY-MM-DD" or empty
  std::vector<std::string> sent;  // resource ids already sent, oldest first, at most max_sent
  int digests = 0;                // digests sent, for the library staff report
  int items = 0;                  // items in them
  bool operator==(const sent_state&) const = default;
};

// Records that a digest with `ids` went at `now_ms`: the ids join `sent` (oldest dropped past
// max_sent), the watermark moves up to `newest_added`, the totals count it. Nothing changes
// for an empty digest, so an empty run does not move the watermark.
void record_sent(sent_state& s, const std::vector<std::string>& ids, std::string_view newest_added,
                 std::int64_t now_ms);

// Keeps `sent` within max_sent (the newest kept).
void normalise(sent_state& s);

// What is wrong, in words; empty when it is fine.
std::vector<std::string> check(const sent_state& s);

void to_json(nlohmann::json& j, const sent_state& s);
// Tolerates missing fields; throws nlohmann::json exceptions on wrong types.
void from_json(const nlohmann::json& j, sent_state& s);
// Never throws: nullopt for anything that does not read as a sent state.
std::optional<sent_state> read_sent(const nlohmann::json& j);

// The sent fields a profile record from before the split carries (last_sent_ms,
// last_sent_added, sent, counts.digests, counts.items); nullopt when it carries none, or only
// their empty defaults. Throws nlohmann::json exceptions on wrong types.
std::optional<sent_state> legacy_sent_of(const nlohmann::json& profile_json);
// Writes them back in the old places, so a profile read and written again keeps them.
void put_legacy_sent(nlohmann::json& profile_json, const sent_state& s);

}  // namespace commonsbot::digest
