// Reading a data directory back: which snapshot, which journal records, what is wrong.
//
// load_dir() only reads; open, verify, export and repair each apply their own policy to
// what it finds. recover() is open's policy (design B3):
// - the newest snapshot that passes every check wins; a newer one that fails is set aside
//   as corrupt-<name> only when an older snapshot plus the journal still cover everything;
// - journal records after it are replayed, and their seqs must rise by exactly 1;
// - a torn tail of the newest segment is cut off (durably) and logged;
// - anything else refuses to start with the file, offset and what is wrong;
// - *.tmp files are removed; files of the older format 0 are migrated (after a backup).
#pragma once

#include "store/env.hpp"
#include "store/layout.hpp"
#include "store/mem_state.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace commonsbot::store {

struct file_report {
  std::string name;
  file_kind kind = file_kind::other;
  int format = 1;
  std::uint64_t bytes = 0;
  std::uint64_t entries = 0;  // documents in a snapshot, records in a journal segment
  std::uint64_t first_seq = 0;
  std::uint64_t last_seq = 0;
  bool checked = false;       // false: not read (open does not need it)
};

struct dir_contents {
  std::vector<file_report> files;  // snapshots and journal segments, by name
  std::vector<std::string> temp_files;
  std::vector<std::string> other_files;
  std::vector<problem> problems;   // everything found, in the order found
  std::string snapshot;            // the snapshot the state starts from; empty if none
  std::uint64_t snapshot_seq = 0;
  std::uint64_t snapshot_bytes = 0;
  std::vector<std::string> bad_snapshots;  // newer than `snapshot` and failed their checks
  std::uint64_t last_seq = 0;      // end of the valid prefix
  std::vector<std::pair<std::uint64_t, std::string>> segments;  // all, by first seq
  std::uint64_t journal_bytes = 0; // journal bytes after the snapshot
  std::vector<std::string> format0_files;
  // Where replay stopped early, if it did: the problem, and the valid length of its file.
  std::optional<problem> stop;
  std::uint64_t stop_valid_end = 0;

  const problem* first_fatal() const;
};

struct load_options {
  bool read_everything = false;  // verify: check every file, even ones open would skip
};

// Reads `dir`. When `state` is not null it receives the longest valid prefix. The status
// is not ok only for I/O errors; problems in files are listed in `out.problems`.
status load_dir(env& e, const std::string& dir, const load_options& opts, mem_state* state,
                dir_contents& out);

// Open's policy over load_dir (see the top of this file). Returns status_code::corruption
// or version_mismatch, naming file and offset, when the directory must not be opened.
status recover(env& e, const std::string& dir, mem_state& state, dir_contents& out);

// Copies `names` from `dir` into the new directory `backup_dir`, each file synced, then the
// directories. Used before any change that drops data (migration, repair).
status backup_files(env& e, const std::string& dir, const std::vector<std::string>& names,
                    const std::string& backup_dir);

}  // namespace commonsbot::store
