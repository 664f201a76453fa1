// The process's open-file limit, and how many connections it leaves room for. Descriptors are
// shared: a server that let connections take them all would leave the store unable to open
// its next journal segment, and a failed store stays failed until a restart (docs/store.md).
#pragma once

#include "http/limits.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace commonsbot::http {

struct fd_limit {
  std::uint64_t found = 0;  // the soft RLIMIT_NOFILE at start
  std::uint64_t soft = 0;   // the soft limit now
  std::uint64_t hard = 0;
  std::string error;        // why the soft limit could not be raised; empty if it was (or was already there)
};

// Raises this process's soft RLIMIT_NOFILE to its hard limit (an unlimited hard limit leaves
// the soft one as it is: Linux never has one, and elsewhere the kernel's ceiling is unknown).
fd_limit raise_fd_limit();

// How many connections the server may hold at once with `soft_limit` descriptors:
// `configured`, but never more than the limit leaves after `reserve` for everything else. A
// limit under twice the reserve keeps half of it back instead. At least 1.
std::size_t connection_cap(std::size_t configured, std::uint64_t soft_limit,
                           std::size_t reserve = limits::fd_reserve);

}  // namespace commonsbot::http
