// The POSIX env: plain syscalls, each error turned into a status that names the file.
#include "store/env.hpp"
#include "store/file_lock.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <cstring>

namespace commonsbot::store {
namespace {

status io_error(const std::string& path, const char* what, int err) {
  return status::error(status_code::io_error, path + ": " + what + ": " + std::strerror(err));
}

int sync_fd(int fd) {
#ifdef __APPLE__
  return ::fcntl(fd, F_FULLFSYNC);
#else
  return ::fdatasync(fd);
#endif
}

class posix_writable_file final : public writable_file {
 public:
  posix_writable_file(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~posix_writable_file() override {
    if (fd_ >= 0) ::close(fd_);
  }

  status append(std::string_view data) override {
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return io_error(path_, "write", errno);
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return status::ok();
  }

  status sync() override {
    if (sync_fd(fd_) != 0) return io_error(path_, "fdatasync", errno);
    return status::ok();
  }

  status close() override {
    if (fd_ < 0) return status::ok();
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return io_error(path_, "close", errno);
    return status::ok();
  }

 private:
  std::string path_;
  int fd_;
};

class posix_sequential_file final : public sequential_file {
 public:
  posix_sequential_file(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~posix_sequential_file() override { ::close(fd_); }

  status read(char* buf, std::size_t n, std::size_t& got) override {
    for (;;) {
      const ssize_t r = ::read(fd_, buf, n);
      if (r < 0) {
        if (errno == EINTR) continue;
        got = 0;
        return io_error(path_, "read", errno);
      }
      got = static_cast<std::size_t>(r);
      return status::ok();
    }
  }

 private:
  std::string path_;
  int fd_;
};

class posix_env final : public env {
 public:
  status create_dir(const std::string& dir) override {
    if (::mkdir(dir.c_str(), 0700) == 0) {
      // The new directory's entry lives in its parent: sync that too, or a power cut could
      // take the directory and everything acknowledged in it.
      std::string parent = std::filesystem::path(dir).parent_path().string();
      return sync_dir(parent.empty() ? "." : parent);
    }
    if (errno == EEXIST) return status::ok();
    return io_error(dir, "mkdir", errno);
  }

  status new_writable_file(const std::string& path, bool exclusive,
                           std::unique_ptr<writable_file>& out) override {
    const int flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC);
    const int fd = ::open(path.c_str(), flags, 0600);
    if (fd < 0) return io_error(path, "create", errno);
    out = std::make_unique<posix_writable_file>(path, fd);
    return status::ok();
  }

  status new_sequential_file(const std::string& path,
                             std::unique_ptr<sequential_file>& out) override {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return status::error(status_code::not_found, path + ": no such file");
      return io_error(path, "open", errno);
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    out = std::make_unique<posix_sequential_file>(path, fd);
    return status::ok();
  }

  status file_size(const std::string& path, std::uint64_t& size) override {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      if (errno == ENOENT) return status::error(status_code::not_found, path + ": no such file");
      return io_error(path, "stat", errno);
    }
    size = static_cast<std::uint64_t>(st.st_size);
    return status::ok();
  }

  status truncate_file(const std::string& path, std::uint64_t size) override {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return io_error(path, "open", errno);
    status st;
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) st = io_error(path, "ftruncate", errno);
    else if (::fsync(fd) != 0) st = io_error(path, "fsync", errno);
    ::close(fd);
    return st;
  }

  status rename_file(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return io_error(from + " -> " + to, "rename", errno);
    return status::ok();
  }

  status remove_file(const std::string& path) override {
    if (::unlink(path.c_str()) != 0) return io_error(path, "unlink", errno);
    return status::ok();
  }

  status sync_dir(const std::string& dir) override {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return io_error(dir, "open directory", errno);
    status st;
    if (::fsync(fd) != 0) st = io_error(dir, "fsync directory", errno);
    ::close(fd);
    return st;
  }

  status list_dir(const std::string& dir, std::vector<std::string>& names) override {
    names.clear();
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      if (errno == ENOENT) return status::error(status_code::not_found, dir + ": no such directory");
      return io_error(dir, "opendir", errno);
    }
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    ::closedir(d);
    return status::ok();
  }

  bool is_directory(const std::string& path) override {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  }

  status lock_file(const std::string& path, std::unique_ptr<lock_handle>& out) override {
    std::unique_ptr<file_lock> lock;
    status st = file_lock::acquire(path, lock);
    if (st) out = std::move(lock);
    return st;
  }
};

}  // namespace

env& default_env() {
  static posix_env instance;
  return instance;
}

}  // namespace commonsbot::store
