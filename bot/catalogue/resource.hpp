// A resource in the school library's catalogue: a book, website, video, kit or database a
// teacher can be pointed to. Stored per tenant in the `resources` collection and searched
// through catalogue::search_index.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::catalogue {

// Store collection: tenant_key(tenant, resource.id) -> resource JSON.
inline constexpr std::string_view resources_collection = "resources";

inline constexpr int min_year = 0;   // new entrant
inline constexpr int max_year = 13;

struct resource {
  std::string id;           // stable: make_id(link) unless given; never contains '/'
  std::string title;
  std::string link;         // http(s) URL
  std::string description;
  std::vector<std::string> learning_areas;  // canonical names where known (canonical_area)
  std::vector<int> year_levels;             // 0 (new entrant) .. 13, sorted, no repeats
  std::string format;                       // one of known_formats(), lower case; may be empty
  std::vector<std::string> keywords;
  // The day it joined the catalogue, "YYYY-MM-DD" (empty if unknown). A date rather than a
  // timestamp because that is what librarians record and export; the index orders by it.
  std::string added;
  bool sample = false;  // true only for the shipped sample data

  bool operator==(const resource&) const = default;
};

// A problem with input: where it is and what is wrong. Errors drop the row (or the whole
// file); warnings keep it.
struct problem {
  enum class severity { error, warning };
  severity level = severity::error;
  std::string where;  // "row 4", "row 4 (line 6)", "/3" (a JSON pointer), a file, or empty
  std::string field;  // "title", "year_levels", ... or empty for the whole row
  std::string what;

  // "row 4: year_levels: 14 is not a year level (0-13)"; "/3/title: missing".
  std::string to_string() const;
};
using problem_list = std::vector<problem>;
bool has_errors(const problem_list& problems);

// A stable id derived from the link, so importing the same list again updates entries
// instead of duplicating them: "r" + 16 hex digits of a 64-bit FNV-1a hash of the link with
// its scheme and host lower-cased, the fragment and any trailing '/' dropped.
std::string make_id(std::string_view link);

// The learning area's canonical New Zealand Curriculum name for a known name or alias
// ("maths", "english", "te reo maori", "HPE" ...), otherwise the input trimmed.
std::string canonical_area(std::string_view area);
// The key areas are compared by: canonical_area, lower-cased, macrons folded.
std::string area_key(std::string_view area);
// The eight learning areas plus Te Reo Māori, in curriculum order.
const std::vector<std::string>& known_areas();
const std::vector<std::string>& known_formats();

// "YYYY-MM-DD" with a real month and day -> yyyymmdd (20240315), else -1.
int parse_date(std::string_view iso);

// Trims text fields, lower-cases the format, canonicalises areas, sorts and de-duplicates
// year levels and keywords, and fills in the id from the link when it is empty.
void normalise(resource& r);

// Appends one problem per bad field (with `where` set to `where`); true if none was found.
bool validate(const resource& r, problem_list& problems, std::string_view where = {});

// Store key: core::tenant_key(tenant, id).
std::string store_key(std::string_view tenant, std::string_view id);

void to_json(nlohmann::json& j, const resource& r);
// Reads what to_json writes; tolerates missing optional fields. Throws nlohmann::json
// exceptions on wrong types (use import.hpp for untrusted input).
void from_json(const nlohmann::json& j, resource& r);

}  // namespace commonsbot::catalogue
