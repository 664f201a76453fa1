#include "http/fd_limit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace commonsbot::http {

fd_limit raise_fd_limit() {
  fd_limit out;
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    out.error = std::strerror(errno);
    return out;
  }
  out.found = out.soft = lim.rlim_cur;
  out.hard = lim.rlim_max;
  if (lim.rlim_max == RLIM_INFINITY || lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur >= lim.rlim_max) return out;
  lim.rlim_cur = lim.rlim_max;
  if (::setrlimit(RLIMIT_NOFILE, &lim) != 0) {
    out.error = std::strerror(errno);
    return out;
  }
  out.soft = lim.rlim_cur;
  return out;
}

std::size_t connection_cap(std::size_t configured, std::uint64_t soft_limit, std::size_t reserve) {
  const std::uint64_t kept = std::min<std::uint64_t>(reserve, soft_limit / 2);
  const std::uint64_t room = soft_limit - kept;
  return static_cast<std::size_t>(std::max<std::uint64_t>(1, std::min<std::uint64_t>(configured, room)));
}

}  // namespace commonsbot::http
