// verify and repair. export and import are in tools_export.cpp.
#include "store/tools.hpp"

#include "log/log.hpp"

#include <algorithm>
#include <set>
#include <sstream>

namespace commonsbot::store {
namespace {

const char* kind_name(file_kind k) {
  switch (k) {
    case file_kind::snapshot: return "snapshot";
    case file_kind::journal: return "journal";
    case file_kind::temp: return "temp";
    case file_kind::lock: return "lock";
    case file_kind::other: return "other";
  }
  return "?";
}

const char* problem_name(problem::kind k) {
  switch (k) {
    case problem::kind::torn_tail: return "torn tail (open cuts it off)";
    case problem::kind::corruption: return "CORRUPTION (open refuses)";
    case problem::kind::version: return "NEWER FORMAT (open refuses)";
    case problem::kind::bad_snapshot: return "bad snapshot (open falls back to the previous one)";
  }
  return "?";
}

status fatal_status(const std::string& dir, const problem& p) {
  return status::error(p.type == problem::kind::version ? status_code::version_mismatch : status_code::corruption,
                       dir + "/" + p.to_string());
}

}  // namespace

bool verify_report::ok() const {
  return std::none_of(problems.begin(), problems.end(), [](const problem& p) { return p.fatal(); });
}

std::string verify_report::to_text() const {
  std::ostringstream o;
  o << "data directory " << dir << "\n";
  for (const auto& f : files) {
    o << "  " << f.name << "  " << kind_name(f.kind) << ", format " << f.format << ", " << f.bytes << " bytes";
    if (!f.checked) o << ", not needed (older than the snapshot in use)";
    else if (f.kind == file_kind::snapshot) o << ", " << f.entries << " documents";
    else o << ", " << f.entries << " records" << (f.entries ? ", seq " + std::to_string(f.first_seq) + ".." + std::to_string(f.last_seq) : "");
    o << "\n";
  }
  for (const auto& t : temp_files) o << "  " << t << "  unfinished temporary file (open removes it)\n";
  if (problems.empty()) o << "no problems found\n";
  for (const auto& p : problems) o << "problem: " << problem_name(p.type) << ": " << p.to_string() << "\n";
  o << (ok() ? "OK" : "NOT OK") << ": open would " << (ok() ? "recover" : "refuse")
    << (ok() ? " to seq " + std::to_string(last_seq) + " with " + std::to_string(documents) + " documents" : "")
    << (snapshot.empty() ? "" : " (from " + snapshot + ")") << "\n";
  return o.str();
}

status verify(const std::string& dir, verify_report& out, env* e_ptr) {
  env& e = e_ptr ? *e_ptr : default_env();
  out = verify_report{};
  out.dir = dir;
  if (!e.is_directory(dir)) return status::error(status_code::not_found, dir + ": no such directory");
  dir_contents contents;
  mem_state state;
  load_options opts;
  opts.read_everything = true;
  if (status st = load_dir(e, dir, opts, &state, contents); !st) return st;
  out.files = contents.files;
  out.problems = contents.problems;
  out.temp_files = contents.temp_files;
  out.snapshot = contents.snapshot;
  out.last_seq = contents.last_seq;
  out.documents = state.document_count();
  if (const problem* p = contents.first_fatal()) return fatal_status(dir, *p);
  return status::ok();
}

std::string repair_report::to_text() const {
  std::ostringstream o;
  if (backup_dir.empty()) {
    o << "nothing to repair\n";
  } else {
    o << "backup of every file: " << backup_dir << "\n";
    for (const auto& p : problems) o << "found: " << problem_name(p.type) << ": " << p.to_string() << "\n";
    for (const auto& [f, n] : truncated) o << "cut " << f << " to " << n << " bytes\n";
    for (const auto& f : removed) o << "removed " << f << "\n";
  }
  o << "kept seq 1.." << last_seq << " (" << documents << " documents)\n";
  return o.str();
}

status repair(const std::string& dir, const std::string& backup_dir, repair_report& out, env* e_ptr) {
  env& e = e_ptr ? *e_ptr : default_env();
  out = repair_report{};
  if (!e.is_directory(dir)) return status::error(status_code::not_found, dir + ": no such directory");
  std::unique_ptr<lock_handle> lock;
  if (status st = e.lock_file(dir + "/LOCK", lock); !st) return st;
  dir_contents c;
  mem_state state;
  if (status st = load_dir(e, dir, {}, &state, c); !st) return st;
  for (const auto& p : c.problems)
    if (p.type == problem::kind::version)
      return status::error(status_code::version_mismatch, dir + "/" + p.to_string() + "; repair does not touch newer formats");

  // What to drop: snapshots that failed, temp files, and the journal from the stop on.
  std::set<std::string> remove(c.bad_snapshots.begin(), c.bad_snapshots.end());
  remove.insert(c.temp_files.begin(), c.temp_files.end());
  for (const auto& p : c.problems)
    if (p.file.rfind("snapshot-", 0) == 0 && p.file != c.snapshot) remove.insert(p.file);
  std::optional<std::pair<std::string, std::uint64_t>> cut;
  if (c.stop) {
    bool after = false;
    for (const auto& [first, name] : c.segments) {
      if (name == c.stop->file) {
        after = true;
        // A segment with no valid header goes entirely; otherwise it keeps its valid lines.
        if (c.stop_valid_end == 0) remove.insert(name);
        else cut = std::make_pair(name, c.stop_valid_end);
        continue;
      }
      if (after) remove.insert(name);
    }
  }
  if (remove.empty() && !cut) {
    out.last_seq = c.last_seq;
    out.documents = state.document_count();
    return status::ok();
  }

  std::vector<std::string> names;
  if (status st = e.list_dir(dir, names); !st) return st;
  std::vector<std::string> files;
  for (const auto& n : names)
    if (n != "LOCK" && !e.is_directory(dir + "/" + n)) files.push_back(n);
  if (status st = backup_files(e, dir, files, backup_dir); !st) return st;
  out.backup_dir = backup_dir;
  out.problems = c.problems;
  if (cut) {
    if (status st = e.truncate_file(dir + "/" + cut->first, cut->second); !st) return st;
    out.truncated.push_back(*cut);
  }
  for (const auto& name : remove) {
    if (status st = e.remove_file(dir + "/" + name); !st) return st;
    out.removed.push_back(name);
  }
  if (status st = e.sync_dir(dir); !st) return st;
  log::warn("store.repaired").kv("dir", dir).kv("backup", backup_dir).kv("kept_seq", c.last_seq)
      .kv("removed", static_cast<std::uint64_t>(out.removed.size()));

  // Prove it: the repaired directory must now load without a fatal problem.
  dir_contents again;
  mem_state check;
  if (status st = load_dir(e, dir, {}, &check, again); !st) return st;
  if (const problem* p = again.first_fatal()) return fatal_status(dir, *p);
  out.last_seq = again.last_seq;
  out.documents = check.document_count();
  return status::ok();
}

}  // namespace commonsbot::store
