// The data directory's layout: which names mean what, and how problems found in its files
// are reported.
//
//   LOCK                                  owner lock, never deleted (file_lock.hpp)
//   snapshot-<seq, 20 digits>.json        the whole state as of <seq>
//   journal-<first seq, 20 digits>.jsonl  records from <first seq> on
//   *.tmp                                 unfinished; removed at open
//
// Sequence numbers are zero-padded so that `ls` lists files in order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace commonsbot::store {

enum class file_kind { snapshot, journal, temp, lock, other };

std::string snapshot_file_name(std::uint64_t seq);
std::string journal_file_name(std::uint64_t first_seq);
// Classifies `name`; for snapshots and journals `seq` receives the number in the name.
file_kind classify_file_name(std::string_view name, std::uint64_t& seq);

// Something wrong in a file, with where and what.
struct problem {
  enum class kind {
    torn_tail,   // the end of the newest journal was cut off mid-write: repaired at open
    corruption,  // a check failed anywhere else: open refuses
    version,     // written by a newer format: open refuses
    bad_snapshot // a snapshot failed its checks but an older one plus the journal cover it
  };
  kind type = kind::corruption;
  std::string file;  // name inside the data directory
  std::uint64_t offset = 0;
  std::string what;

  bool fatal() const { return type == kind::corruption || type == kind::version; }
  std::string to_string() const;  // "journal-…jsonl at offset 123: checksum mismatch"
};

}  // namespace commonsbot::store
