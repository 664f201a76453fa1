// The descriptor limit and the connection cap derived from it (http/fd_limit.hpp).
#include "http/fd_limit.hpp"

#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <cstdint>
#include <limits>

using commonsbot::http::connection_cap;
using commonsbot::http::raise_fd_limit;
namespace limits = commonsbot::http::limits;

TEST_CASE("the connection cap leaves the reserve of descriptors free", "[http][fd_limit]") {
  STATIC_REQUIRE(limits::fd_reserve == 256);
  // A roomy limit: the configured cap stands.
  CHECK(connection_cap(1024, 1'048'576) == 1024);
  CHECK(connection_cap(1024, 1024 + 256) == 1024);
  CHECK(connection_cap(10, 1024) == 10);
  // The usual `ulimit -n` of 1024 no longer lets connections take every descriptor.
  CHECK(connection_cap(1024, 1024) == 768);
  CHECK(connection_cap(1024, 1024 + 255) == 1023);
  CHECK(connection_cap(5000, 4096) == 4096 - 256);
  // Under twice the reserve, half the limit is kept back instead.
  CHECK(connection_cap(1024, 512) == 256);
  CHECK(connection_cap(1024, 300) == 150);
  CHECK(connection_cap(1024, 3) == 2);
  // Never nothing at all, and no overflow at either end.
  CHECK(connection_cap(1024, 1) == 1);
  CHECK(connection_cap(1024, 0) == 1);
  CHECK(connection_cap(1024, std::numeric_limits<std::uint64_t>::max()) == 1024);
  CHECK(connection_cap(1024, 2048, 0) == 1024);
  CHECK(connection_cap(1024, 1100, 100) == 1000);
}

TEST_CASE("raise_fd_limit lifts the soft limit to the hard one", "[http][fd_limit]") {
  rlimit original{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &original) == 0);
  if (original.rlim_max == RLIM_INFINITY || original.rlim_max <= 64) {
    WARN("no finite hard limit above 64 to raise to; nothing to check");
    return;
  }

  rlimit lowered = original;
  lowered.rlim_cur = 64;
  REQUIRE(::setrlimit(RLIMIT_NOFILE, &lowered) == 0);
  const auto got = raise_fd_limit();
  rlimit now{};
  REQUIRE(::getrlimit(RLIMIT_NOFILE, &now) == 0);
  ::setrlimit(RLIMIT_NOFILE, &original);  // whatever happened, the test process gets its own back

  CHECK(got.error.empty());
  CHECK(got.found == 64);
  CHECK(got.soft == original.rlim_max);
  CHECK(got.hard == original.rlim_max);
  CHECK(now.rlim_cur == original.rlim_max);

  // Already at the hard limit: nothing to do, nothing to report.
  const auto again = raise_fd_limit();
  CHECK(again.error.empty());
  CHECK(again.soft == again.hard);
  CHECK(again.found == again.soft);
}
