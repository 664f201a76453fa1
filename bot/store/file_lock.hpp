// The data directory's owner lock: an fcntl write lock on "<dir>/LOCK".
//
// Why OFD locks (F_OFD_SETLK): the kernel drops them when the process dies, even under
// kill -9, so there is no stale-lock guessing. Classic POSIX locks (the fallback for old
// kernels) vanish when *any* descriptor of the file is closed and never exclude a second
// open from the same process, so an in-process registry of canonical paths guards that
// case too (LevelDB's PosixLockTable). The holder's pid is written into the file only so
// that a refused opener can name it. The file is never deleted: deleting it would let two
// processes lock two different inodes of the same name.
#pragma once

#include "store/env.hpp"
#include "store/status.hpp"

#include <memory>
#include <string>

namespace commonsbot::store {

class file_lock final : public lock_handle {
 public:
  // Locks `path`, creating it (mode 0600) if needed. Fails with status_code::locked and a
  // message naming the holder's pid when another process or store holds it.
  static status acquire(const std::string& path, std::unique_ptr<file_lock>& out);

  ~file_lock() override;
  file_lock(const file_lock&) = delete;
  file_lock& operator=(const file_lock&) = delete;

 private:
  file_lock(int fd, std::string key) : fd_(fd), key_(std::move(key)) {}
  int fd_;
  std::string key_;  // canonical path, the registry entry
};

}  // namespace commonsbot::store
