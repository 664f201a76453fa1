// What the config tests share: loading a config from text, and asking whether a problem was
// reported at a path.
#pragma once

#include "config/config.hpp"
#include "support/temp_dir.hpp"

#include <fstream>
#include <string>

namespace config_test {

using namespace commonsbot;

// True if `problems` has one at `path`, of `level`, whose text contains `fragment`.
inline bool reported(const flows::problem_list& problems, const std::string& path, const std::string& fragment,
                     flows::problem::severity level = flows::problem::severity::error) {
  for (const auto& p : problems)
    if (p.path == path && p.level == level && p.what.find(fragment) != std::string::npos) return true;
  return false;
}

// The config `text`, written to a file in `dir` and loaded from there.
inline config::config_result load(const test::temp_dir& dir, const std::string& text) {
  std::ofstream(dir / "c.json") << text;
  return config::load_config(dir / "c.json");
}

}  // namespace config_test
