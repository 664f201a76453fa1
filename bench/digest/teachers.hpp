// Deterministic teachers and new items for the digest benchmark (splitmix64, no
// std::*_distribution, so every machine gets the same run for the same seed).
#pragma once

#include "catalogue/resource.hpp"
#include "digest/profile.hpp"
#include "digest/sent_state.hpp"

#include <cstdint>
#include <vector>

namespace commonsbot::bench {

// Marks the last `fresh` of `all` as new: added 2026-03-01 .. 2026-03-28 (after every
// generated date), so "added since 2026-03-01" is exactly them.
void make_new(std::vector<catalogue::resource>& all, std::size_t fresh, std::uint64_t seed);
inline constexpr const char* new_since = "2026-03-01";

// Teachers as a school has them: 1-2 learning areas, a run of 1-3 year levels, 0-3 keywords
// and 0-2 interests (a fifth of them two words) from the catalogue's real topic words; 30%
// with a few feedback weights; 20% sent a digest already (watermark 2026-03-14, 8 ids).
struct teacher {
  digest::profile profile;
  digest::sent_state sent;
};
std::vector<teacher> generate_teachers(std::size_t count, const std::vector<catalogue::resource>& fresh,
                                               std::uint64_t seed);

}  // namespace commonsbot::bench
