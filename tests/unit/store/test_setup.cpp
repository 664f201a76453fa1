// The store's tests open thousands of stores; info lines (store.opened, store.closed) would
// bury the warnings that matter (torn tails, failures), so this suite logs warnings and up.
#include "log/log.hpp"

namespace {
const bool quiet = (commonsbot::log::set_level(commonsbot::log::level::warn), true);
}  // namespace
