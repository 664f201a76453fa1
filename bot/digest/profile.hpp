// A teacher's interest profile for current-awareness digests: what they teach and follow,
// how often they want a digest and what they told us about past items (feedback.hpp).
// Digests are opt-in: a profile starts unsubscribed, and one library staff suggested waits in
// `suggested` until the teacher confirms it. Only chat writes this record; what sending
// changes (the watermark, ids sent, digests sent) is in its own record, sent_state.hpp.
#pragma once

#include "digest/sent_state.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::digest {

// Store collection: profile_key(tenant, person key) -> profile JSON.
inline constexpr std::string_view profiles_collection = "digest_profiles";

// Bounds, so a profile stays a small record however long someone has been subscribed.
inline constexpr std::size_t max_feedback_terms = 100;  // weakest forgotten first
inline constexpr std::size_t max_profile_words = 20;    // keywords, and interests, each
inline constexpr std::size_t max_profile_word_length = 60;

enum class frequency { weekly, fortnightly, monthly, off };

// "weekly", "fortnightly", "monthly", "off".
std::string_view frequency_name(frequency f);
// The names above, any case, trimmed; nullopt otherwise.
std::optional<frequency> parse_frequency(std::string_view text);

// What library staff suggested; applied only when the teacher says yes.
struct suggestion {
  std::string by;       // the staff member's person key, "platform:user_id"
  std::string by_name;  // their display name when they suggested it, for "Ana suggested ..."
  std::int64_t at_ms = 0;
  std::vector<std::string> learning_areas;
  std::vector<int> year_levels;
  std::vector<std::string> keywords;
  std::vector<std::string> interests;
  bool operator==(const suggestion&) const = default;
};

// For the library staff report: what teachers said (digests and items sent are counted in
// sent_state).
struct counters {
  int useful = 0;
  int not_for_me = 0;
  int more_like_this = 0;
  bool operator==(const counters&) const = default;
};

struct profile {
  std::string tenant;
  std::string person;  // the person key, "platform:user_id"
  bool subscribed = false;

  std::vector<std::string> learning_areas;  // catalogue canonical names ("Science")
  std::vector<int> year_levels;             // 0 (new entrants) .. 13, sorted, no repeats
  std::vector<std::string> keywords;        // as typed; matched through catalogue::tokenize
  std::vector<std::string> interests;       // free words too; kept apart for the profile flow

  digest::frequency frequency = frequency::weekly;
  int weekday = 1;           // ISO: 1 Monday .. 7 Sunday
  std::string time = "08:00";  // "HH:MM", local
  std::string zone;          // IANA; empty: the person's own time zone

  std::optional<suggestion> suggested;

  // Learnt weights by feature ("area:science", "word:robotic", "format:video"); see
  // feedback.hpp. Bounded and decaying.
  std::map<std::string, double> feedback;

  counters counts;

  // The sent fields a record from before "digest_sent" carried, read and written back as they
  // were so a chat write never drops the watermark before the first digest after the upgrade
  // writes "digest_sent" (which wins from then on). Nothing ever updates it.
  std::optional<sent_state> legacy_sent;

  bool operator==(const profile&) const = default;
};

// "<tenant>/<person key>".
std::string profile_key(std::string_view tenant, std::string_view person);

// A new profile (unsubscribed) for someone, with their teaching areas and years read from
// the words people use ("maths", "Year 5", "NE-2"); words not understood are left out.
profile new_profile(std::string tenant, std::string person, const std::vector<std::string>& areas = {},
                    const std::vector<std::string>& years = {});

// Canonical learning-area names, year levels sorted and within 0..13, keywords and interests
// trimmed with repeats (any case) dropped, `feedback` within its bounds.
void normalise(profile& p);

// What is wrong with the profile, in words for the person fixing it; empty when it is fine.
std::vector<std::string> check(const profile& p);

void to_json(nlohmann::json& j, const suggestion& s);
void from_json(const nlohmann::json& j, suggestion& s);
void to_json(nlohmann::json& j, const counters& c);
void from_json(const nlohmann::json& j, counters& c);
void to_json(nlohmann::json& j, const profile& p);
// Tolerates missing fields; throws nlohmann::json exceptions on wrong types.
void from_json(const nlohmann::json& j, profile& p);
// Never throws: nullopt for anything that does not read as a profile.
std::optional<profile> read_profile(const nlohmann::json& j);

}  // namespace commonsbot::digest
