#include "store/crc32c.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

using namespace commonsbot::store;

TEST_CASE("crc32c matches the published check values", "[store][crc32c]") {
  CHECK(crc32c::value("") == 0u);
  CHECK(crc32c::value("123456789") == 0xE3069283u);
  // RFC 3720 (iSCSI) appendix B.4 vectors.
  CHECK(crc32c::value(std::string(32, '\0')) == 0x8A9136AAu);
  CHECK(crc32c::value(std::string(32, '\xff')) == 0x62A8AB43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending += static_cast<char>(i);
  CHECK(crc32c::value(ascending) == 0x46DD794Eu);
}

TEST_CASE("crc32c extends across pieces and both paths agree", "[store][crc32c]") {
  std::mt19937 rng(7);
  for (std::size_t len = 0; len < 300; ++len) {
    std::string data(len, '\0');
    for (auto& c : data) c = static_cast<char>(rng());
    const auto whole = crc32c::value(data);
    CHECK(crc32c::detail::extend_software(0, data) == whole);
    const std::size_t cut = len / 3;
    CHECK(crc32c::extend(crc32c::value(data.substr(0, cut)), data.substr(cut)) == whole);
    // Unaligned starts exercise the 8-byte loop's edges.
    if (len > 5) CHECK(crc32c::detail::extend_software(0, data.substr(3)) == crc32c::value(data.substr(3)));
  }
}

TEST_CASE("crc32c hex form round-trips and rejects anything else", "[store][crc32c]") {
  std::uint32_t v = 0;
  CHECK(crc32c::to_hex(0xE3069283u) == "e3069283");
  CHECK(crc32c::to_hex(0) == "00000000");
  REQUIRE(crc32c::from_hex("e3069283", v));
  CHECK(v == 0xE3069283u);
  CHECK_FALSE(crc32c::from_hex("E3069283", v));
  CHECK_FALSE(crc32c::from_hex("e306928", v));
  CHECK_FALSE(crc32c::from_hex("e30692830", v));
  CHECK_FALSE(crc32c::from_hex("e30692g3", v));
}
