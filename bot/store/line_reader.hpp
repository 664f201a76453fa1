// Reads a file line by line in large chunks, remembering each line's offset, so problems
// can be reported as "file at offset N" and a torn tail can be cut at a line boundary.
#pragma once

#include "store/env.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace commonsbot::store {

class line_reader {
 public:
  explicit line_reader(std::unique_ptr<sequential_file> file) : file_(std::move(file)) {}

  struct line {
    std::string_view text;    // without the '\n'; valid until the next call
    std::uint64_t offset = 0; // of the first byte
    bool complete = false;    // false: the file ended before a '\n'
  };

  // Fills `out` with the next line; `end` is set (and `out` untouched) at end of file.
  status next(line& out, bool& end);
  // Bytes consumed so far (the offset just past the last line returned).
  std::uint64_t offset() const { return consumed_; }

 private:
  std::unique_ptr<sequential_file> file_;
  std::string buf_;
  std::size_t pos_ = 0;          // start of unconsumed bytes in buf_
  std::uint64_t consumed_ = 0;   // file offset of buf_[pos_]
  bool eof_ = false;
};

}  // namespace commonsbot::store
