#include "fault_env.hpp"

#include <cstring>

namespace commonsbot::store::test {
namespace {

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string name_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

class fault_file final : public writable_file {
 public:
  fault_file(fault_env& owner, std::uint64_t ino, std::string path, std::unique_ptr<writable_file> base)
      : owner_(owner), ino_(ino), path_(std::move(path)), base_(std::move(base)) {}
  status append(std::string_view data) override { return owner_.append_to(ino_, path_, *base_, data); }
  status sync() override { return owner_.sync_of(ino_, path_, *base_); }
  status close() override { return base_->close(); }

 private:
  fault_env& owner_;
  std::uint64_t ino_;
  std::string path_;
  std::unique_ptr<writable_file> base_;
};

fault_env::fault_env(env& base, bool real_syncs) : base_(base), real_syncs_(real_syncs) {}

void fault_env::crash_at(std::uint64_t n) {
  std::lock_guard lock(mutex_);
  crash_at_ = n;
}
void fault_env::fail_append(std::uint64_t n, int err, bool partial) {
  std::lock_guard lock(mutex_);
  fail_append_at_ = n;
  append_err_ = err;
  append_partial_ = partial;
}
void fault_env::fail_sync(std::uint64_t n, int err) {
  std::lock_guard lock(mutex_);
  fail_sync_at_ = n;
  sync_err_ = err;
}
void fault_env::fail_rename(std::uint64_t n, int err) {
  std::lock_guard lock(mutex_);
  fail_rename_at_ = n;
  rename_err_ = err;
}
void fault_env::on_sync(std::function<void(const std::string&)> hook) {
  std::lock_guard lock(mutex_);
  sync_hook_ = std::move(hook);
}
void fault_env::on_append(std::function<void(const std::string&)> hook) {
  std::lock_guard lock(mutex_);
  append_hook_ = std::move(hook);
}
std::uint64_t fault_env::mutating_calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}
std::uint64_t fault_env::appends() const {
  std::lock_guard lock(mutex_);
  return appends_;
}
std::uint64_t fault_env::syncs() const {
  std::lock_guard lock(mutex_);
  return syncs_;
}
std::uint64_t fault_env::syncs_after_failed_sync() const {
  std::lock_guard lock(mutex_);
  return syncs_after_failure_;
}
bool fault_env::fault_fired() const {
  std::lock_guard lock(mutex_);
  return fired_;
}
bool fault_env::crashed() const {
  std::lock_guard lock(mutex_);
  return crashed_;
}

status fault_env::enter(op kind, const std::string& path, bool& partial) {
  partial = false;
  ++calls_;
  if (!crashed_ && crash_at_ != 0 && calls_ >= crash_at_) crashed_ = true;
  if (crashed_)
    return status::error(status_code::io_error, path + ": simulated power cut at call " + std::to_string(crash_at_));
  auto injected = [&](const char* what, int err) {
    fired_ = true;
    return status::error(status_code::io_error, path + ": " + what + ": " + std::strerror(err) + " (injected)");
  };
  switch (kind) {
    case op::append:
      if (++appends_ == fail_append_at_) {
        partial = append_partial_;
        return injected("write", append_err_);
      }
      break;
    case op::sync:
      if (++syncs_ == fail_sync_at_) return injected("fdatasync", sync_err_);
      break;
    case op::rename:
      if (++renames_ == fail_rename_at_) return injected("rename", rename_err_);
      break;
    default: break;
  }
  return status::ok();
}

void fault_env::touch_dir(const std::string& dir) {
  if (!known_dirs_.insert(dir).second) return;
  std::vector<std::string> names;
  if (!base_.list_dir(dir, names)) return;
  for (const auto& name : names) {
    const std::string path = dir + "/" + name;
    if (name == "LOCK" || base_.is_directory(path)) continue;
    std::string content;
    read_whole_file(base_, path, content);
    const std::uint64_t ino = next_inode_++;
    inodes_[ino] = inode{content, content, false};
    live_names_[path] = ino;
    durable_[dir][name] = ino;
  }
}

status fault_env::append_to(std::uint64_t ino, const std::string& path, writable_file& file, std::string_view data) {
  std::function<void(const std::string&)> hook;
  {
    std::lock_guard lock(mutex_);
    hook = append_hook_;
  }
  if (hook) hook(path);
  std::lock_guard lock(mutex_);
  bool partial = false;
  status st = enter(op::append, path, partial);
  if (!st) {
    if (partial && !crashed_) {
      const auto half = data.substr(0, data.size() / 2);
      if (file.append(half)) inodes_[ino].live.append(half);
    }
    return st;
  }
  st = file.append(data);
  if (st) inodes_[ino].live.append(data);
  return st;
}

status fault_env::sync_of(std::uint64_t ino, const std::string& path, writable_file& file) {
  std::function<void(const std::string&)> hook;
  {
    std::lock_guard lock(mutex_);
    hook = sync_hook_;
  }
  if (hook) hook(path);
  std::lock_guard lock(mutex_);
  bool partial = false;
  auto& node = inodes_[ino];
  if (node.sync_failed) ++syncs_after_failure_;
  status st = enter(op::sync, path, partial);
  if (!st) {
    if (!crashed_) node.sync_failed = true;
    return st;
  }
  if (real_syncs_)
    if (st = file.sync(); !st) return st;
  node.durable = node.live;
  return st;
}

status fault_env::create_dir(const std::string& dir) { return base_.create_dir(dir); }

status fault_env::new_writable_file(const std::string& path, bool exclusive, std::unique_ptr<writable_file>& out) {
  std::lock_guard lock(mutex_);
  touch_dir(dir_of(path));
  bool partial = false;
  if (status st = enter(op::create, path, partial); !st) return st;
  std::unique_ptr<writable_file> file;
  if (status st = base_.new_writable_file(path, exclusive, file); !st) return st;
  std::uint64_t ino = 0;
  if (auto it = live_names_.find(path); it != live_names_.end()) {
    ino = it->second;  // O_TRUNC keeps the inode; only its live bytes go
    inodes_[ino].live.clear();
  } else {
    ino = next_inode_++;
    inodes_[ino] = inode{};
    live_names_[path] = ino;
  }
  out = std::make_unique<fault_file>(*this, ino, path, std::move(file));
  return status::ok();
}

status fault_env::new_sequential_file(const std::string& path, std::unique_ptr<sequential_file>& out) {
  return base_.new_sequential_file(path, out);
}

status fault_env::file_size(const std::string& path, std::uint64_t& size) { return base_.file_size(path, size); }

status fault_env::truncate_file(const std::string& path, std::uint64_t size) {
  std::lock_guard lock(mutex_);
  touch_dir(dir_of(path));
  bool partial = false;
  if (status st = enter(op::truncate, path, partial); !st) return st;
  if (status st = base_.truncate_file(path, size); !st) return st;
  if (auto it = live_names_.find(path); it != live_names_.end()) {
    auto& node = inodes_[it->second];
    node.live.resize(std::min<std::uint64_t>(size, node.live.size()));
    node.durable = node.live;  // truncate_file syncs
  }
  return status::ok();
}

status fault_env::rename_file(const std::string& from, const std::string& to) {
  std::lock_guard lock(mutex_);
  touch_dir(dir_of(from));
  touch_dir(dir_of(to));
  bool partial = false;
  if (status st = enter(op::rename, from, partial); !st) return st;
  if (status st = base_.rename_file(from, to); !st) return st;
  if (auto it = live_names_.find(from); it != live_names_.end()) {
    const auto ino = it->second;
    live_names_.erase(it);
    live_names_[to] = ino;
  }
  return status::ok();
}

status fault_env::remove_file(const std::string& path) {
  std::lock_guard lock(mutex_);
  touch_dir(dir_of(path));
  bool partial = false;
  if (status st = enter(op::remove, path, partial); !st) return st;
  if (status st = base_.remove_file(path); !st) return st;
  live_names_.erase(path);
  return status::ok();
}

status fault_env::sync_dir(const std::string& dir) {
  std::lock_guard lock(mutex_);
  touch_dir(dir);
  bool partial = false;
  if (status st = enter(op::dir_sync, dir, partial); !st) return st;
  if (real_syncs_)
    if (status st = base_.sync_dir(dir); !st) return st;
  auto& entries = durable_[dir];
  entries.clear();
  for (const auto& [path, ino] : live_names_)
    if (dir_of(path) == dir) entries[name_of(path)] = ino;
  return status::ok();
}

status fault_env::list_dir(const std::string& dir, std::vector<std::string>& names) {
  return base_.list_dir(dir, names);
}

bool fault_env::is_directory(const std::string& path) { return base_.is_directory(path); }

status fault_env::lock_file(const std::string& path, std::unique_ptr<lock_handle>& out) {
  return base_.lock_file(path, out);
}

void fault_env::power_cut(const std::string& dir, bool zero_fill) {
  std::lock_guard lock(mutex_);
  touch_dir(dir);
  std::vector<std::string> names;
  base_.list_dir(dir, names);
  for (const auto& name : names) {
    const std::string path = dir + "/" + name;
    if (name != "LOCK" && !base_.is_directory(path)) base_.remove_file(path);
  }
  for (auto it = live_names_.begin(); it != live_names_.end();)
    it = dir_of(it->first) == dir ? live_names_.erase(it) : std::next(it);
  for (const auto& [name, ino] : durable_[dir]) {
    auto& node = inodes_[ino];
    std::string content = node.durable;
    if (zero_fill && node.live.size() > content.size()) content.append(node.live.size() - content.size(), '\0');
    std::unique_ptr<writable_file> file;
    base_.new_writable_file(dir + "/" + name, true, file);
    file->append(content);
    file->close();
    node.live = node.durable = content;
    node.sync_failed = false;
    live_names_[dir + "/" + name] = ino;
  }
  // The machine "reboots": no more faults.
  crashed_ = false;
  crash_at_ = fail_append_at_ = fail_sync_at_ = fail_rename_at_ = 0;
}

}  // namespace commonsbot::store::test
