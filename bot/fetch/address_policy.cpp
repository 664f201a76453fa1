#include "fetch/address_policy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace commonsbot::fetch {
namespace {

struct v4_range {
  std::uint32_t base;
  int bits;
};

constexpr std::uint32_t v4(int a, int b, int c, int d) {
  return (static_cast<std::uint32_t>(a) << 24) | (static_cast<std::uint32_t>(b) << 16) |
         (static_cast<std::uint32_t>(c) << 8) | static_cast<std::uint32_t>(d);
}

// IANA's special-purpose IPv4 registry, less the globally reachable entries.
constexpr std::array<v4_range, 15> not_public_v4{{
    {v4(0, 0, 0, 0), 8},        // "this network"
    {v4(10, 0, 0, 0), 8},       // private
    {v4(100, 64, 0, 0), 10},    // shared address space (carrier NAT)
    {v4(127, 0, 0, 0), 8},      // loopback
    {v4(169, 254, 0, 0), 16},   // link-local (cloud metadata services live here)
    {v4(172, 16, 0, 0), 12},    // private
    {v4(192, 0, 0, 0), 24},     // IETF protocol assignments
    {v4(192, 0, 2, 0), 24},     // documentation
    {v4(192, 88, 99, 0), 24},   // deprecated 6to4 relay
    {v4(192, 168, 0, 0), 16},   // private
    {v4(198, 18, 0, 0), 15},    // benchmarking
    {v4(198, 51, 100, 0), 24},  // documentation
    {v4(203, 0, 113, 0), 24},   // documentation
    {v4(224, 0, 0, 0), 4},      // multicast
    {v4(240, 0, 0, 0), 4},      // reserved, and broadcast
}};

bool public_v4(std::uint32_t host_order) {
  for (const auto& r : not_public_v4) {
    const std::uint32_t mask = r.bits == 0 ? 0 : ~std::uint32_t{0} << (32 - r.bits);
    if ((host_order & mask) == r.base) return false;
  }
  return true;
}

std::uint32_t v4_at(const unsigned char* p) {
  return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
         (static_cast<std::uint32_t>(p[2]) << 8) | static_cast<std::uint32_t>(p[3]);
}

bool public_v6(const unsigned char* a) {
  static constexpr unsigned char zeros[16] = {};
  static constexpr unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(a, zeros, 15) == 0 && (a[15] == 0 || a[15] == 1)) return false;  // :: and ::1
  if (std::memcmp(a, mapped, 12) == 0 || std::memcmp(a, nat64, 12) == 0) return public_v4(v4_at(a + 12));
  if (std::memcmp(a, zeros, 12) == 0) return false;  // deprecated IPv4-compatible
  if ((a[0] & 0xfe) == 0xfc) return false;           // fc00::/7 unique local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return false;  // fe80::/10 link-local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return false;  // fec0::/10 site-local (deprecated)
  if (a[0] == 0xff) return false;                            // multicast
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8) return false;  // 2001:db8::/32 documentation
  if (a[0] == 0x01 && a[1] == 0x00 && std::memcmp(a + 2, zeros, 6) == 0) return false;  // 100::/64 discard
  return (a[0] & 0xe0) == 0x20;  // only 2000::/3 is global unicast
}

}  // namespace

bool is_public_address(const sockaddr* address) {
  if (address == nullptr) return false;
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    return public_v4(ntohl(in.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    return public_v6(in6.sin6_addr.s6_addr);
  }
  return false;
}

bool is_public_address(const std::string& numeric) {
  sockaddr_in in{};
  if (inet_pton(AF_INET, numeric.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    return is_public_address(reinterpret_cast<const sockaddr*>(&in));
  }
  sockaddr_in6 in6{};
  if (inet_pton(AF_INET6, numeric.c_str(), &in6.sin6_addr) == 1) {
    in6.sin6_family = AF_INET6;
    return is_public_address(reinterpret_cast<const sockaddr*>(&in6));
  }
  return false;
}

}  // namespace commonsbot::fetch
