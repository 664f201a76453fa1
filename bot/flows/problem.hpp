// A problem found while loading configuration or templates: where it is and what is wrong.
#pragma once

#include <string>
#include <vector>

namespace commonsbot::flows {

struct problem {
  enum class severity { error, warning };
  severity level = severity::error;
  std::string file;  // the file, relative where possible
  std::string path;  // JSON pointer inside it, e.g. "/steps/pick/next"
  std::string what;

  // "templates/flows/plan.json: /steps/pick/next: unknown step \"done2\""
  std::string to_string() const;
};

using problem_list = std::vector<problem>;

inline bool has_errors(const problem_list& problems) {
  for (const auto& p : problems)
    if (p.level == problem::severity::error) return true;
  return false;
}

}  // namespace commonsbot::flows
