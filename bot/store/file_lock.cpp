#include "store/file_lock.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <map>

namespace commonsbot::store {
namespace {

// Canonical path -> the pid that registered it. A child made by fork() inherits a copy of
// its parent's entries; they are not its own stores, so it ignores them.
std::mutex registry_mutex;
std::map<std::string, pid_t>& registry() {
  static std::map<std::string, pid_t> paths;
  return paths;
}

// The canonical name of `path` without requiring the file itself to exist yet.
std::string canonical(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  char buf[PATH_MAX];
  if (::realpath(dir.c_str(), buf) == nullptr) return path;
  return std::string(buf) + "/" + base;
}

std::string read_pid(int fd) {
  char buf[32] = {};
  const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  std::string pid = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

int set_lock(int fd) {
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 0;  // the whole file
#ifdef F_OFD_SETLK
  if (::fcntl(fd, F_OFD_SETLK, &fl) == 0) return 0;
  if (errno != EINVAL) return -1;
  fl.l_pid = 0;
#endif
  return ::fcntl(fd, F_SETLK, &fl);
}

}  // namespace

status file_lock::acquire(const std::string& path, std::unique_ptr<file_lock>& out) {
  const std::string key = canonical(path);
  {
    // Checked before opening: with a classic POSIX lock, even opening and closing a second
    // descriptor would release the lock this process already holds.
    std::lock_guard lock(registry_mutex);
    auto [it, inserted] = registry().try_emplace(key, ::getpid());
    if (!inserted && it->second != ::getpid()) it->second = ::getpid();
    else if (!inserted)
      return status::error(status_code::locked,
                           path + " is already held by another store in this process (pid " +
                               std::to_string(::getpid()) + ")");
  }
  auto unregister = [&] {
    std::lock_guard lock(registry_mutex);
    registry().erase(key);
  };

  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    unregister();
    return status::error(status_code::io_error, path + ": open: " + std::strerror(err));
  }
  if (set_lock(fd) != 0) {
    const int err = errno;
    const std::string holder = read_pid(fd);
    ::close(fd);
    unregister();
    if (err == EAGAIN || err == EACCES)
      return status::error(status_code::locked,
                           path + " is locked by pid " + holder + " (another commonsbot is using this data directory)");
    return status::error(status_code::io_error, path + ": lock: " + std::strerror(err));
  }
  // For diagnostics only; a failure here does not matter for correctness.
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] const ssize_t n = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
  out.reset(new file_lock(fd, key));
  return status::ok();
}

file_lock::~file_lock() {
  ::close(fd_);  // releases the lock
  std::lock_guard lock(registry_mutex);
  registry().erase(key_);
}

}  // namespace commonsbot::store
