#include "store/file_lock.hpp"

#include "store_test_util.hpp"

#include <sys/wait.h>
#include <unistd.h>

using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;

TEST_CASE("a second store on the same directory in one process is refused", "[store][lock]") {
  temp_dir d;
  auto first = must_open(fast_options(d.path()));
  auto second = json_file_store::open(fast_options(d.path()));
  CHECK(second.st.code() == status_code::locked);
  CHECK_THAT(second.st.message(), Catch::Contains("pid " + std::to_string(::getpid())));
  // Another spelling of the same path is the same directory.
  auto third = json_file_store::open(fast_options(d.path() / "." / ""));
  CHECK(third.st.code() == status_code::locked);
  // The refused attempts must not have released the first store's lock.
  std::unique_ptr<file_lock> lock;
  CHECK(file_lock::acquire((d / "LOCK").string(), lock).code() == status_code::locked);
  first.reset();
  CHECK(std::filesystem::exists(d / "LOCK"));
  CHECK(file_lock::acquire((d / "LOCK").string(), lock).is_ok());
}

// ThreadSanitizer cannot follow a fork() of a multi-threaded process (the child exits 66);
// tests/crash covers other processes with posix_spawn instead.
#if !defined(__SANITIZE_THREAD__)
TEST_CASE("another process is refused with the holder's pid", "[store][lock]") {
  temp_dir d;
  const std::string path = (d / "LOCK").string();
  std::unique_ptr<file_lock> lock;
  REQUIRE(file_lock::acquire(path, lock));
  CHECK(read_file(path) == std::to_string(::getpid()) + "\n");
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  const pid_t child = ::fork();
  if (child == 0) {
    // Only async-signal-safe work would be strictly allowed here; acquire() does plain
    // syscalls and string work, which is fine in practice for a test.
    std::unique_ptr<file_lock> mine;
    const status st = file_lock::acquire(path, mine);
    const std::string msg = st.to_string();
    [[maybe_unused]] auto n = ::write(pipe_fds[1], msg.data(), msg.size());
    ::_exit(st.code() == status_code::locked ? 0 : 1);
  }
  ::close(pipe_fds[1]);
  char buf[512] = {};
  const auto n = ::read(pipe_fds[0], buf, sizeof buf - 1);
  ::close(pipe_fds[0]);
  int wstatus = 0;
  ::waitpid(child, &wstatus, 0);
  CHECK(WIFEXITED(wstatus));
  CHECK(WEXITSTATUS(wstatus) == 0);
  CHECK_THAT(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0),
             Catch::Contains("locked by pid " + std::to_string(::getpid())));
}
#endif
