// What a teacher's "useful", "not for me" and "more like this" buttons teach the matcher.
// Each verdict moves the weights of the resource's features (its learning areas, keyword
// words and format) in the teacher's profile; matcher.cpp adds those weights to the score of
// every later item sharing them, and strongly liked words also bring in items the profile
// would not otherwise match. Older verdicts fade (every new one first multiplies the others
// by `decay`), and weights stay within +-max_weight, so one click never swamps the profile.
#pragma once

#include "catalogue/resource.hpp"
#include "digest/profile.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::digest {

enum class verdict { useful, not_for_me, more_like_this };

// "useful", "not_for_me", "more_like_this" (the button payloads).
std::string_view verdict_name(verdict v);
std::optional<verdict> parse_verdict(std::string_view text);

inline constexpr double useful_step = 0.5;
inline constexpr double more_like_this_step = 1.0;
inline constexpr double not_for_me_step = -1.0;
inline constexpr double decay = 0.9;
inline constexpr double max_weight = 3.0;
inline constexpr double forget_below = 0.05;  // weights this close to 0 are dropped
// A word weighted at least this much is followed like a keyword ("more like this" once,
// or "useful" twice).
inline constexpr double liked_word_weight = 0.75;

// Feature names, shared with the matcher: "area:" + catalogue::area_key, "word:" + a
// catalogue::tokenize word of a keyword, "format:" + the format.
inline constexpr std::string_view area_feature = "area:";
inline constexpr std::string_view word_feature = "word:";
inline constexpr std::string_view format_feature = "format:";

// The features of `r` feedback applies to, without repeats.
std::vector<std::string> features_of(const catalogue::resource& r);

// Folds one verdict on `r` into `p.feedback` and counts it in `p.counts`.
void apply(profile& p, const catalogue::resource& r, verdict v);

}  // namespace commonsbot::digest
