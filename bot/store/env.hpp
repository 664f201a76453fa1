// The file-system seam. Everything the store does to files goes through an env, so tests
// can swap in one that injects errors or simulates a power cut (LevelDB's Env idea).
//
// Contract for implementations: every method is safe to call from several threads at once.
// Paths are plain strings; the store builds them as "<dir>/<name>".
#pragma once

#include "store/status.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::store {

// A file open for appending. Not thread-safe: one owner at a time.
class writable_file {
 public:
  virtual ~writable_file() = default;
  // Appends all of `data` (short writes and EINTR are retried). On error the file's
  // length is unknown; the caller must stop using it.
  virtual status append(std::string_view data) = 0;
  // fdatasync. A failed sync must never be retried: the kernel may have dropped the
  // dirty pages and a second call could report success for data that is gone.
  virtual status sync() = 0;
  virtual status close() = 0;
};

// A file read front to back.
class sequential_file {
 public:
  virtual ~sequential_file() = default;
  // Reads up to `n` bytes into `buf`; `got` == 0 means end of file.
  virtual status read(char* buf, std::size_t n, std::size_t& got) = 0;
};

// Held for as long as the object lives; see file_lock.hpp.
class lock_handle {
 public:
  virtual ~lock_handle() = default;
};

class env {
 public:
  virtual ~env() = default;

  // Creates `dir` with mode 0700 if it is missing; ok if it exists.
  virtual status create_dir(const std::string& dir) = 0;
  // Creates `path` (mode 0600) for appending. `exclusive` fails if it exists; otherwise an
  // existing file is truncated.
  virtual status new_writable_file(const std::string& path, bool exclusive,
                                   std::unique_ptr<writable_file>& out) = 0;
  virtual status new_sequential_file(const std::string& path,
                                     std::unique_ptr<sequential_file>& out) = 0;
  virtual status file_size(const std::string& path, std::uint64_t& size) = 0;
  // Cuts `path` to `size` bytes and syncs it, so the cut is durable when this returns.
  virtual status truncate_file(const std::string& path, std::uint64_t size) = 0;
  virtual status rename_file(const std::string& from, const std::string& to) = 0;
  virtual status remove_file(const std::string& path) = 0;
  // fsync of the directory itself: makes creates, renames and unlinks in it durable.
  virtual status sync_dir(const std::string& dir) = 0;
  // Names of the entries of `dir` (files and subdirectories), without "." and "..".
  virtual status list_dir(const std::string& dir, std::vector<std::string>& names) = 0;
  virtual bool is_directory(const std::string& path) = 0;
  // Takes the exclusive lock on `path`, failing with status_code::locked when another
  // process (or another store in this process) holds it.
  virtual status lock_file(const std::string& path, std::unique_ptr<lock_handle>& out) = 0;
};

// The real POSIX file system. Lives for the whole program.
env& default_env();

// Reads a whole file through `e` (for small files: headers, fixtures, tools).
status read_whole_file(env& e, const std::string& path, std::string& out);
// Writes `data` to `path` durably: tmp file, sync, rename, sync the directory.
status write_file_durably(env& e, const std::string& dir, const std::string& name,
                          std::string_view data);

}  // namespace commonsbot::store
