#include "core/text.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::core;

TEST_CASE("trim and lower-case", "[core][text]") {
  CHECK(trim("  kia ora \n") == "kia ora");
  CHECK(trim("   ").empty());
  CHECK(to_lower_ascii("HeLLo Āe") == "hello Āe");
}

TEST_CASE("UTF-8 validation", "[core][text]") {
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("Tēnā koe, whānau"));
  CHECK(is_valid_utf8("emoji \xF0\x9F\x93\x9A"));
  CHECK_FALSE(is_valid_utf8("\xC3"));              // truncated sequence
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate half
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xFF"));
  CHECK(utf8_length("whānau") == 6);
}
