#include "store/line_reader.hpp"

#include <cstring>

namespace commonsbot::store {

status line_reader::next(line& out, bool& end) {
  constexpr std::size_t chunk = 1 << 20;
  std::size_t scanned = pos_;
  for (;;) {
    const void* nl = std::memchr(buf_.data() + scanned, '\n', buf_.size() - scanned);
    if (nl != nullptr) {
      const auto at = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data());
      out.text = std::string_view(buf_.data() + pos_, at - pos_);
      out.offset = consumed_;
      out.complete = true;
      consumed_ += at + 1 - pos_;
      pos_ = at + 1;
      end = false;
      return status::ok();
    }
    if (eof_) {
      if (pos_ == buf_.size()) {
        end = true;
        return status::ok();
      }
      out.text = std::string_view(buf_.data() + pos_, buf_.size() - pos_);
      out.offset = consumed_;
      out.complete = false;
      consumed_ += buf_.size() - pos_;
      pos_ = buf_.size();
      end = false;
      return status::ok();
    }
    // Drop consumed bytes, then read more after what is already there.
    buf_.erase(0, pos_);
    pos_ = 0;
    scanned = buf_.size();
    const std::size_t old = buf_.size();
    buf_.resize(old + chunk);
    std::size_t got = 0;
    status st = file_->read(buf_.data() + old, chunk, got);
    buf_.resize(old + got);
    if (!st) return st;
    if (got == 0) eof_ = true;
  }
}

}  // namespace commonsbot::store
