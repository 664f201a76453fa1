// The unit program logs warnings and up: the store's tests alone open thousands of stores, and
// their info lines (store.opened, store.closed) would bury the warnings that matter (torn
// tails, failures). A test that reads the log sets the level it needs.
#include "log/log.hpp"

namespace {
const bool quiet = (commonsbot::log::set_level(commonsbot::log::level::warn), true);
}  // namespace
