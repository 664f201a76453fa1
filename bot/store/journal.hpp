// Journal segments: append-only files of committed transactions, one framed line each.
//
//   {"format":1,"first_seq":42,"created":"…"}      header, written and synced at creation
//   {"c":"…","r":{"seq":42,…}}                      records, seq rising by exactly 1
//
// A segment named journal-<F>.jsonl holds records F, F+1, … . The store writes only to the
// newest segment and starts a new one after each snapshot and at each open.
#pragma once

#include "store/env.hpp"
#include "store/layout.hpp"
#include "store/record_codec.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace commonsbot::store {

class journal_writer {
 public:
  // Creates the segment for records from `first_seq` on: header, fdatasync, then an fsync
  // of the directory so the new name survives a power cut (LevelDB #196).
  static status create(env& e, const std::string& dir, std::uint64_t first_seq,
                       std::unique_ptr<journal_writer>& out);

  // One write for a whole group of lines.
  status append(std::string_view lines);
  status sync();
  status close();

  std::uint64_t first_seq() const { return first_seq_; }
  std::uint64_t bytes() const { return bytes_; }  // including the header
  const std::string& name() const { return name_; }

 private:
  journal_writer(std::unique_ptr<writable_file> file, std::string name, std::uint64_t first_seq,
                 std::uint64_t bytes)
      : file_(std::move(file)), name_(std::move(name)), first_seq_(first_seq), bytes_(bytes) {}
  std::unique_ptr<writable_file> file_;
  std::string name_;
  std::uint64_t first_seq_;
  std::uint64_t bytes_;
};

// The result of reading one segment.
struct segment_scan {
  int format = format_version;  // 0 for a header-less pre-release segment
  std::uint64_t records = 0;
  std::uint64_t last_seq = 0;    // 0 when it holds no records
  std::uint64_t valid_end = 0;   // offset just past the last good line
  std::uint64_t size = 0;        // bytes read
  std::optional<problem> issue;  // the first problem; reading stops there
};

// Reads segment `name` (whose name says it starts at `first_seq`) and hands each good
// record to `sink` in order. Problems go to `out.issue`:
// - in the newest segment (`is_last`), a bad or unfinished line with no good line after it
//   is a torn tail (a write cut off by a crash);
// - anything else is corruption: a bad line anywhere else, a line whose checksum matches but
//   whose content is wrong, or a sequence number out of order.
// The returned status is not ok only when the file could not be read at all.
status scan_segment(env& e, const std::string& dir, const std::string& name, std::uint64_t first_seq,
                    bool is_last, const std::function<void(decoded_record&&)>& sink, segment_scan& out);

}  // namespace commonsbot::store
