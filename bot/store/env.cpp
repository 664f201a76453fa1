#include "store/env.hpp"

namespace commonsbot::store {

status read_whole_file(env& e, const std::string& path, std::string& out) {
  out.clear();
  std::unique_ptr<sequential_file> file;
  if (status st = e.new_sequential_file(path, file); !st) return st;
  char buf[64 * 1024];
  for (;;) {
    std::size_t got = 0;
    if (status st = file->read(buf, sizeof buf, got); !st) return st;
    if (got == 0) return status::ok();
    out.append(buf, got);
  }
}

status write_file_durably(env& e, const std::string& dir, const std::string& name,
                          std::string_view data) {
  const std::string tmp = dir + "/" + name + ".tmp";
  std::unique_ptr<writable_file> file;
  status st = e.new_writable_file(tmp, false, file);
  if (st) st = file->append(data);
  if (st) st = file->sync();
  if (st) st = file->close();
  if (st) st = e.rename_file(tmp, dir + "/" + name);
  if (st) st = e.sync_dir(dir);
  return st;
}

}  // namespace commonsbot::store
