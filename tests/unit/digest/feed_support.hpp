// Reading the feed fixtures in tests/fixtures/feeds.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace commonsbot::digest::testkit {

inline std::string fixture(const std::string& name) {
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/tests/fixtures/feeds/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace commonsbot::digest::testkit
