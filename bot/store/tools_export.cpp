// export and import (see tools.hpp).
#include "store/tools.hpp"

#include "log/log.hpp"
#include "store/json_text.hpp"
#include "store/record_codec.hpp"
#include "store/snapshot.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>

namespace commonsbot::store {
namespace {

// Streams the export document to a sink in pieces, so a large store never needs a second
// full copy in memory.
// A record with its secret fields replaced by the marker; the stored text when it has none.
std::string without_secrets(const std::string& value, const std::vector<std::string>& fields, export_report& out) {
  auto doc = nlohmann::json::parse(value, nullptr, false);
  if (!doc.is_object()) return value;
  bool changed = false;
  for (const auto& name : fields) {
    auto it = doc.find(name);
    if (it == doc.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) continue;
    *it = std::string(secret_left_out);
    changed = true;
    ++out.secrets_left_out;
  }
  return changed ? json_text::dump(doc) : value;
}

template <typename Sink>
status write_export(const mem_state& state, std::uint64_t seq, const secret_field_map& leave_out, Sink&& sink,
                    export_report& out) {
  std::string buf = R"({"format":)" + std::to_string(format_version) + R"(,"seq":)" + std::to_string(seq) +
                    R"(,"exported_at":")" + log::utc_timestamp() + R"(","collections":{)";
  bool first_coll = true;
  for (const auto& [coll, docs] : state.base()) {
    const auto secret = leave_out.find(coll);
    buf += first_coll ? "\n" : ",\n";
    first_coll = false;
    json_text::append_string(buf, coll);
    buf += ":{";
    bool first_doc = true;
    for (const auto& [key, value] : docs) {
      buf += first_doc ? "\n" : ",\n";
      first_doc = false;
      json_text::append_string(buf, key);
      buf += ':';
      buf += secret == leave_out.end() ? value : without_secrets(value, secret->second, out);
      ++out.documents;
      if (buf.size() >= (1u << 20)) {
        if (status st = sink(buf); !st) return st;
        buf.clear();
      }
    }
    buf += '}';
    ++out.collections;
  }
  buf += "}}\n";
  out.seq = seq;
  return sink(buf);
}

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

}  // namespace

std::string export_report::to_text() const {
  std::string s = "exported seq " + std::to_string(seq) + ": " + std::to_string(documents) + " documents in " +
                  std::to_string(collections) + " collections\n";
  if (secrets_left_out > 0)
    s += std::to_string(secrets_left_out) + " secret values (tokens) left out; --include-secrets keeps them\n";
  return s;
}

status export_json(const std::string& dir, const std::string& out_path, export_report& out, env* e_ptr,
                   const secret_field_map& leave_out) {
  env& e = e_ptr ? *e_ptr : default_env();
  out = export_report{};
  if (!e.is_directory(dir)) return status::error(status_code::not_found, dir + ": no such directory");
  // A running server may delete files between our listing and our reading them (after a
  // snapshot); then the listing is simply taken again.
  mem_state state;
  dir_contents c;
  status st;
  for (int attempt = 0; attempt < 20; ++attempt) {
    state = mem_state{};
    st = load_dir(e, dir, {}, &state, c);
    if (st.code() != status_code::not_found) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
  }
  if (!st) return st;
  if (const problem* p = c.first_fatal())
    return status::error(p->type == problem::kind::version ? status_code::version_mismatch : status_code::corruption,
                         dir + "/" + p->to_string() + "; nothing exported");

  if (out_path == "-") {
    auto to_stdout = [](const std::string& piece) {
      if (std::fwrite(piece.data(), 1, piece.size(), stdout) != piece.size())
        return status::error(status_code::io_error, "writing to standard output failed");
      return status::ok();
    };
    if (st = write_export(state, c.last_seq, leave_out, to_stdout, out); !st) return st;
    if (std::fflush(stdout) != 0) return status::error(status_code::io_error, "writing to standard output failed");
    return status::ok();
  }
  const std::string tmp = out_path + ".tmp";
  std::unique_ptr<writable_file> file;
  if (st = e.new_writable_file(tmp, false, file); !st) return st;
  st = write_export(state, c.last_seq, leave_out, [&](const std::string& piece) { return file->append(piece); }, out);
  if (st) st = file->sync();
  if (st) st = file->close();
  if (st) st = e.rename_file(tmp, out_path);
  if (st) st = e.sync_dir(parent_of(out_path));
  if (!st) {
    e.remove_file(tmp);
    return st;
  }
  log::info("store.exported").kv("dir", dir).kv("to", out_path).kv("seq", out.seq).kv("documents", out.documents);
  return status::ok();
}

std::string import_report::to_text() const {
  std::string s = "imported seq " + std::to_string(seq) + ": " + std::to_string(documents) + " documents in " +
                  std::to_string(collections) + " collections\n";
  if (!moved_aside.empty()) s += "the directory's previous files were moved to " + moved_aside + "\n";
  return s;
}

status import_json(const std::string& in_path, const std::string& dir, bool force, import_report& out, env* e_ptr) {
  env& e = e_ptr ? *e_ptr : default_env();
  out = import_report{};
  std::string text;
  if (status st = read_whole_file(e, in_path, text); !st) return st;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  text = std::string();
  if (!doc.is_object()) return status::error(status_code::invalid_argument, in_path + ": not a JSON object");
  const auto format = doc.find("format");
  if (format == doc.end() || !format->is_number_integer())
    return status::error(status_code::invalid_argument, in_path + ": no \"format\"; not a commonsbot export");
  if (format->get<int>() > format_version)
    return status::error(status_code::version_mismatch, in_path + ": export format " + format->dump() +
                                                            " is newer than this build's " + std::to_string(format_version));
  const auto seq = doc.find("seq");
  const auto colls = doc.find("collections");
  if (seq == doc.end() || !seq->is_number_unsigned() || colls == doc.end() || !colls->is_object())
    return status::error(status_code::invalid_argument, in_path + ": needs an unsigned \"seq\" and a \"collections\" object");

  const std::uint64_t at_seq = seq->get<std::uint64_t>();
  mem_state state;
  for (auto c = colls->begin(); c != colls->end(); ++c) {
    const std::string& coll = c.key();
    if (coll.empty() || !c->is_object())
      return status::error(status_code::invalid_argument, in_path + ": collection \"" + coll + "\" is not an object");
    for (auto d = c->begin(); d != c->end(); ++d) state.load(coll, d.key(), json_text::dump(*d));
    if (!c->empty()) ++out.collections;
  }
  state.finish_load();
  doc = nullptr;  // the tree is several times the size of the text: free it before writing

  if (status st = e.create_dir(dir); !st) return st;
  std::unique_ptr<lock_handle> lock;
  if (status st = e.lock_file(dir + "/LOCK", lock); !st) return st;
  std::vector<std::string> names;
  if (status st = e.list_dir(dir, names); !st) return st;
  std::vector<std::string> data_files;
  for (const auto& n : names) {
    std::uint64_t ignored = 0;
    const file_kind k = classify_file_name(n, ignored);
    if (k == file_kind::snapshot || k == file_kind::journal || k == file_kind::temp) data_files.push_back(n);
  }
  if (!data_files.empty()) {
    if (!force)
      return status::error(status_code::invalid_argument,
                           dir + " already holds a store (" + data_files.front() + ", …); import only into an empty "
                           "or new directory, or force it to move the old files aside");
    const auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
    out.moved_aside = dir + "/pre-import-" + std::to_string(stamp);
    if (status st = backup_files(e, dir, data_files, out.moved_aside); !st) return st;
    for (const auto& n : data_files)
      if (status st = e.remove_file(dir + "/" + n); !st) return st;
    if (status st = e.sync_dir(dir); !st) return st;
  }
  snapshot_info info;
  if (status st = write_snapshot(e, dir, at_seq, state.base(), info); !st) return st;
  out.seq = info.seq;
  out.documents = info.count;
  log::info("store.imported").kv("dir", dir).kv("from", in_path).kv("seq", out.seq).kv("documents", out.documents);
  return status::ok();
}

}  // namespace commonsbot::store
