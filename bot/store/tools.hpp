// Offline operations on a data directory, for `commonsbot store verify|repair|export|import`.
// Each returns a status (ok, or what stopped it) and fills a report whose to_text() is
// what the command prints.
#pragma once

#include "store/env.hpp"
#include "store/layout.hpp"
#include "store/recovery.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::store {

struct verify_report {
  std::string dir;
  std::vector<file_report> files;
  std::vector<problem> problems;
  std::vector<std::string> temp_files;
  std::string snapshot;        // the snapshot open would start from
  std::uint64_t last_seq = 0;  // what open would recover to
  std::uint64_t documents = 0;
  bool ok() const;             // open would succeed (perhaps after cutting a torn tail)
  std::string to_text() const;
};

// Reads every file in `dir` and checks it, without taking the lock and without changing
// anything. Returns ok when open would succeed; otherwise the first fatal problem.
status verify(const std::string& dir, verify_report& out, env* e = nullptr);

struct repair_report {
  std::string backup_dir;  // where everything was copied first; empty if nothing was done
  std::vector<problem> problems;                                  // what was found
  std::vector<std::pair<std::string, std::uint64_t>> truncated;   // file, new length
  std::vector<std::string> removed;                               // files dropped
  std::uint64_t last_seq = 0;   // the state kept: the longest valid prefix
  std::uint64_t documents = 0;
  std::string to_text() const;
};

// Keeps the longest valid prefix of `dir`: cuts the journal at the first bad record and
// drops everything after it, and drops snapshots that fail their checks. Takes the lock
// (refuses while a server runs) and first copies every file into `backup_dir`, which must
// not exist or be empty. Refuses files of a newer format.
status repair(const std::string& dir, const std::string& backup_dir, repair_report& out, env* e = nullptr);

struct export_report {
  std::uint64_t seq = 0;
  std::uint64_t documents = 0;
  std::uint64_t collections = 0;
  std::uint64_t secrets_left_out = 0;
  std::string to_text() const;
};

// Fields of a collection's records whose string values are secrets (collection -> names).
using secret_field_map = std::map<std::string, std::vector<std::string>, std::less<>>;
inline constexpr std::string_view secret_left_out = "(secret left out)";

// Writes one JSON document holding every collection as of one sequence number:
//   {"format":1,"seq":N,"exported_at":"…","collections":{"<coll>":{"<key>":<doc>,…},…}}
// Works while a server holds the lock: reads the newest snapshot and the journal without
// locking, stops at the last complete valid line, and never repairs. `out_path` "-" means
// standard output; otherwise the file is written durably (tmp, sync, rename).
// Each non-empty string field named in `leave_out` is written as "(secret left out)".
status export_json(const std::string& dir, const std::string& out_path, export_report& out, env* e = nullptr,
                   const secret_field_map& leave_out = {});

struct import_report {
  std::uint64_t seq = 0;
  std::uint64_t documents = 0;
  std::uint64_t collections = 0;
  std::string moved_aside;  // with force: where the directory's old files went
  std::string to_text() const;
};

// Restores an export into `dir` as a snapshot at the export's seq. Refuses a directory
// that already holds data unless `force`, in which case the old files are moved into a
// pre-import-<time> subdirectory first (never deleted). Takes the lock.
status import_json(const std::string& in_path, const std::string& dir, bool force, import_report& out,
                   env* e = nullptr);

}  // namespace commonsbot::store
