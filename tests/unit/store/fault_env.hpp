// A fault-injecting env for tests (LevelDB's FaultInjectionTestEnv idea).
//
// It passes every call to a real env, and alongside keeps a model of what a disk would
// hold after a power cut: each file's content as of its last successful sync, and each
// directory's entries as of its last directory sync. power_cut() rewrites the real
// directory to that model: unsynced appends vanish (or turn into zeros), and creates,
// renames and unlinks that no directory sync made durable are undone.
//
// It can also fail the n-th write or sync with an errno, and "crash" at the n-th
// mutating call, after which every mutating call fails.
#pragma once

#include "store/env.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>

namespace commonsbot::store::test {

class fault_env final : public env {
 public:
  explicit fault_env(env& base = default_env(), bool real_syncs = false);

  // The `n`-th mutating call (1-based: create, append, sync, truncate, rename, remove,
  // directory sync) and every one after it fail, as if the machine had lost power then.
  void crash_at(std::uint64_t n);
  // The `n`-th append fails with `err` after writing half its bytes when `partial`.
  void fail_append(std::uint64_t n, int err, bool partial = true);
  // The `n`-th file sync fails with `err` (nothing becomes durable).
  void fail_sync(std::uint64_t n, int err);
  // The `n`-th rename fails with `err`.
  void fail_rename(std::uint64_t n, int err);

  // Called (without any lock held) at the start of every file sync / append; tests use it
  // to hold a sync or a snapshot write open while they look at the store.
  void on_sync(std::function<void(const std::string& path)> hook);
  void on_append(std::function<void(const std::string& path)> hook);

  std::uint64_t mutating_calls() const;
  std::uint64_t appends() const;
  std::uint64_t syncs() const;
  // File syncs of a file after a sync of that same file failed (must stay 0: no retries).
  std::uint64_t syncs_after_failed_sync() const;
  bool crashed() const;
  // True once an injected append, sync or rename failure has happened.
  bool fault_fired() const;

  // Rewrites `dir` to the durable model. With `zero_fill`, bytes appended but not synced
  // become NUL bytes (a file size that reached disk without its data) instead of vanishing.
  void power_cut(const std::string& dir, bool zero_fill);

  status create_dir(const std::string& dir) override;
  status new_writable_file(const std::string& path, bool exclusive, std::unique_ptr<writable_file>& out) override;
  status new_sequential_file(const std::string& path, std::unique_ptr<sequential_file>& out) override;
  status file_size(const std::string& path, std::uint64_t& size) override;
  status truncate_file(const std::string& path, std::uint64_t size) override;
  status rename_file(const std::string& from, const std::string& to) override;
  status remove_file(const std::string& path) override;
  status sync_dir(const std::string& dir) override;
  status list_dir(const std::string& dir, std::vector<std::string>& names) override;
  bool is_directory(const std::string& path) override;
  status lock_file(const std::string& path, std::unique_ptr<lock_handle>& out) override;

 private:
  friend class fault_file;
  struct inode {
    std::string live;     // what the file holds now
    std::string durable;  // what it held at its last successful sync
    bool sync_failed = false;
  };
  enum class op { create, append, sync, truncate, rename, remove, dir_sync };

  // Counts a mutating call; returns an error if it must fail (crash or injected fault).
  status enter(op kind, const std::string& path, bool& partial);
  void touch_dir(const std::string& dir);  // models files that existed before first use
  status append_to(std::uint64_t ino, const std::string& path, writable_file& file, std::string_view data);
  status sync_of(std::uint64_t ino, const std::string& path, writable_file& file);

  env& base_;
  bool real_syncs_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, inode> inodes_;
  std::map<std::string, std::uint64_t> live_names_;                      // path -> inode
  std::map<std::string, std::map<std::string, std::uint64_t>> durable_;  // dir -> name -> inode
  std::set<std::string> known_dirs_;
  std::uint64_t next_inode_ = 1;
  std::uint64_t calls_ = 0, appends_ = 0, syncs_ = 0, renames_ = 0, syncs_after_failure_ = 0;
  std::uint64_t crash_at_ = 0, fail_append_at_ = 0, fail_sync_at_ = 0, fail_rename_at_ = 0;
  int append_err_ = 0, sync_err_ = 0, rename_err_ = 0;
  bool append_partial_ = true;
  bool crashed_ = false;
  bool fired_ = false;
  std::function<void(const std::string&)> sync_hook_, append_hook_;
};

}  // namespace commonsbot::store::test
