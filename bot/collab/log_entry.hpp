// A collaboration logged by library staff with /library log: the quick record of work done
// with teachers outside a full plan (a lesson taught together, resources gathered for a
// unit). Reports count these beside plans. Stored in "collab_log" under "<tenant>/<id>".
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

inline constexpr std::string_view collab_log_collection = "collab_log";

struct log_entry {
  std::string id;                       // "l12"
  std::string tenant;
  std::string by;                       // person key of whoever logged it
  std::vector<std::string> with;        // person keys of the teachers ("platform:user")
  std::vector<std::string> with_names;  // their names as known when logged
  std::string what;                     // a short description
  std::string level;                    // continuum level id (templates/content/continuum.json)
  std::string model;                    // teaching model id, or empty
  std::string learning_area;            // optional, as typed
  std::string year_level;               // optional: "5", "7-8", "NE"
  std::string date;                     // NZ date it was logged, "YYYY-MM-DD"
  long long at_ms = 0;

  std::string key() const;  // "<tenant>/<id>"
  bool operator==(const log_entry&) const = default;
};

void to_json(nlohmann::json& j, const log_entry& e);
// Never throws: fields that are missing or of the wrong type are left empty.
void from_json(const nlohmann::json& j, log_entry& e);

}  // namespace commonsbot::collab
