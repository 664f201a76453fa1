#include "store/status.hpp"

namespace commonsbot::store {

const char* to_string(status_code code) {
  switch (code) {
    case status_code::ok: return "ok";
    case status_code::not_found: return "not found";
    case status_code::corruption: return "corruption";
    case status_code::io_error: return "I/O error";
    case status_code::failed: return "store failed";
    case status_code::locked: return "locked";
    case status_code::version_mismatch: return "version mismatch";
    case status_code::invalid_argument: return "invalid argument";
    case status_code::closed: return "closed";
  }
  return "unknown";
}

std::string status::to_string() const {
  if (is_ok()) return "ok";
  std::string out = commonsbot::store::to_string(code_);
  if (!message_.empty()) {
    out += ": ";
    out += message_;
  }
  return out;
}

}  // namespace commonsbot::store
