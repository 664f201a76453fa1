#include "fetch/address_policy.hpp"

#include <catch2/catch.hpp>

using commonsbot::fetch::is_public_address;

TEST_CASE("public unicast addresses are allowed", "[fetch][ssrf]") {
  for (const char* a : {"8.8.8.8", "1.1.1.1", "203.97.78.43", "172.32.0.1", "100.128.0.1", "192.169.0.1",
                        "2001:4860:4860::8888", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"}) {
    INFO(a);
    CHECK(is_public_address(std::string(a)));
  }
}

TEST_CASE("loopback, private, link-local and reserved addresses are refused", "[fetch][ssrf]") {
  for (const char* a : {"127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "192.0.2.1",
                        "198.18.0.1", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
                        "::ffff:127.0.0.1", "::ffff:10.1.2.3", "64:ff9b::a9fe:a9fe", "2001:db8::1", "::127.0.0.1"}) {
    INFO(a);
    CHECK_FALSE(is_public_address(std::string(a)));
  }
}

TEST_CASE("text that is not an address is not public", "[fetch][ssrf]") {
  CHECK_FALSE(is_public_address(std::string("")));
  CHECK_FALSE(is_public_address(std::string("localhost")));
  CHECK_FALSE(is_public_address(std::string("8.8.8")));
  CHECK_FALSE(is_public_address(nullptr));
}
