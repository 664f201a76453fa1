// Reading what people type about themselves: year levels, learning areas and interests.
// Pure functions, so the profile flow, the booking flow and anything else that asks the same
// questions read answers the same way.
#pragma once

#include "collab/content.hpp"
#include "flows/message_catalog.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab::people {

// "none", "clear", "nothing", "-": the person wants the field emptied.
bool is_clear_word(std::string_view text);

// Splits a typed list on commas, semicolons and new lines; trims, drops empty pieces.
std::vector<std::string> split_list(std::string_view text);

// One year level or range, as stored: "NE" (new entrants; also typed 0), "1" to "13", or a
// range low-high such as "5-6" or "NE-2". Accepts "Year 5", "Y5", "yr 5-6", "5 to 6".
std::optional<std::string> parse_year_level(std::string_view word);

struct year_levels_answer {
  std::vector<std::string> levels;  // in school order, no repeats
  std::string bad;                  // the first piece not understood; empty if all were
};
// A list such as "5, 6", "Years 5 and 6", "NE-2 7". Empty input gives no levels.
year_levels_answer parse_year_levels(std::string_view text);

// A learning area as people may name it.
struct learning_area {
  std::string id;                 // e.g. "maths"
  std::string label;              // the name in the reader's language
  std::vector<std::string> keys;  // lower-case names and aliases that pick it
};

// The learning areas of templates/content/learning_areas.json, named in `locale`. Aliases
// come from the message next to the name: "<...>.name" has "<...>.aliases", a comma list.
std::vector<learning_area> learning_areas_of(const content& words, const flows::message_catalog& messages,
                                             std::string_view locale);

struct areas_answer {
  std::vector<std::string> ids;  // in the list's order, no repeats
  std::string bad;               // the first piece that matched nothing
};
// "maths, science", "English and the arts", "2 5" (numbers from the list as shown).
areas_answer match_learning_areas(std::string_view text, const std::vector<learning_area>& areas);

// The labels of `ids`, joined with ", "; unknown ids are shown as they are.
std::string area_labels(const std::vector<std::string>& ids, const std::vector<learning_area>& areas);

struct interests_answer {
  std::vector<std::string> interests;
  std::string problem;  // "too_many" or "too_long"; empty if fine
};
inline constexpr std::size_t max_interests = 12;
inline constexpr std::size_t max_interest_length = 60;
// "robotics, te reo; picture books": trimmed, repeats (any case) dropped.
interests_answer parse_interests(std::string_view text);

// Joins a list for showing, e.g. year levels "NE, 5-6".
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace commonsbot::collab::people
