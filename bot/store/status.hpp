// Status: the outcome of a store operation, in LevelDB's style. Cheap when ok; otherwise a
// code and a message that names the file, offset and problem where there is one.
#pragma once

#include <string>
#include <utility>

namespace commonsbot::store {

enum class status_code {
  ok,
  not_found,
  corruption,        // data on disk fails a check; the message says where
  io_error,          // a read, write or sync failed
  failed,            // the store is in the failed state after an earlier I/O error
  locked,            // another process holds the data directory
  version_mismatch,  // the files were written by a newer format version
  invalid_argument,
  closed,
};

class status {
 public:
  status() = default;
  static status ok() { return {}; }
  static status error(status_code code, std::string message) { return status(code, std::move(message)); }

  bool is_ok() const { return code_ == status_code::ok; }
  explicit operator bool() const { return is_ok(); }
  status_code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string to_string() const;

 private:
  status(status_code code, std::string message) : code_(code), message_(std::move(message)) {}
  status_code code_ = status_code::ok;
  std::string message_;
};

const char* to_string(status_code code);

}  // namespace commonsbot::store
