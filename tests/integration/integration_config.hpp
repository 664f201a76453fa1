// A config file for integration tests: the real templates, a fresh data directory.
#pragma once

#include "support/temp_dir.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace commonsbot::test {

inline std::filesystem::path write_test_config(const temp_dir& dir, const std::string& server_extra = "") {
  const auto path = dir / "commonsbot.json";
  std::ofstream(path) << R"({
    "server": {"address": "127.0.0.1", "port": 0, "threads": 2)" << server_extra << R"(},
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "log": {"level": "info"},
    "tenants": [{"id": "console", "roles": {"aroha": "library_staff"}}],
    "adapters": {"console": {"tenant": "console"}}
  })";
  return path;
}

inline std::string binary() { return COMMONSBOT_BINARY; }

}  // namespace commonsbot::test
