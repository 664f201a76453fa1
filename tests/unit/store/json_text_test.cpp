#include "store/json_text.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot::store;

TEST_CASE("skip_value walks over every kind of JSON value", "[store][json_text]") {
  const char* values[] = {R"({})", R"([])", R"("a\"b")", "-12.5e+3", "true", "false", "null",
                          R"({"a":[1,2,{"b":"}"}],"c":{}})", R"([[],[[]],{"x":"]"}])", R"({"k\"":"v\\"})"};
  for (const char* v : values) {
    const std::string text = std::string(v) + "}";  // a trailing byte must be left alone
    std::size_t pos = 0;
    INFO(v);
    REQUIRE(json_text::skip_value(text, pos));
    CHECK(pos == text.size() - 1);
  }
  for (const char* bad : {"{", "[1,", R"({"a")", R"("abc)", "tru", R"({"a":1]})", "[1}"}) {
    std::size_t pos = 0;
    INFO(bad);
    CHECK_FALSE(json_text::skip_value(bad, pos));
  }
}

TEST_CASE("read_string decodes escapes and surrogate pairs", "[store][json_text]") {
  std::string out;
  std::size_t pos = 0;
  REQUIRE(json_text::read_string(R"("plain",)", pos, out));
  CHECK(out == "plain");
  CHECK(pos == 7);
  pos = 0;
  REQUIRE(json_text::read_string(R"("a\nb\u00e9\ud83d\ude00")", pos, out));
  CHECK(out == "a\nb\xc3\xa9\xf0\x9f\x98\x80");
  pos = 0;
  CHECK_FALSE(json_text::read_string("\"raw\nnewline\"", pos, out));
}

TEST_CASE("append_string replaces invalid UTF-8 and never emits a raw newline", "[store][json_text]") {
  std::string out;
  json_text::append_string(out, "line\nbreak\x01\x7f\xff\xfe tab\t");
  CHECK(out.find('\n') == std::string::npos);
  std::size_t pos = 0;
  std::string back;
  REQUIRE(json_text::read_string(out, pos, back));
  CHECK(back == "line\nbreak\x01\x7f\xef\xbf\xbd\xef\xbf\xbd tab\t");
  CHECK(json_text::is_valid_utf8("h\xc3\xa9llo \xf0\x9f\x98\x80"));
  CHECK_FALSE(json_text::is_valid_utf8("\xc0\xaf"));          // overlong
  CHECK_FALSE(json_text::is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(json_text::is_valid_utf8("\xe2\x82"));          // cut short
}
