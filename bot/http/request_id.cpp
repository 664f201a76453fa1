#include "http/request_id.hpp"

#include "http/limits.hpp"

#include <cstdint>
#include <random>

namespace commonsbot::http {

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > limits::max_request_id) return false;
  for (const char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string make_request_id() {
  // Ids need to be unique, not secret: a per-thread generator seeded once is enough.
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  static constexpr char digits[] = "0123456789abcdef";
  std::uint64_t bits = engine();
  std::string id(16, '0');
  for (auto& c : id) {
    c = digits[bits & 0xf];
    bits >>= 4;
  }
  return id;
}

std::string choose_request_id(std::string_view from_client) {
  return is_valid_request_id(from_client) ? std::string(from_client) : make_request_id();
}

}  // namespace commonsbot::http
