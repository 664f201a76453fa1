// Start-up shared by every fuzz target (linked into each by CMakeLists.txt). Log lines are
// still formatted, since they carry what the input put in them, but written nowhere: writing
// each to a terminal would cost more than the code under test.
#include "log/log.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  commonsbot::log::set_level(commonsbot::log::level::debug);
  commonsbot::log::set_output("/dev/null");
  return 0;
}
