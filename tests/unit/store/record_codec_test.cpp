#include "store/record_codec.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot::store;
using nlohmann::json;

namespace {

std::string line_for(const transaction& t, std::uint64_t seq = 7) {
  encoded_txn enc;
  REQUIRE(encode_transaction(t, enc));
  std::string line;
  append_record_line(line, seq, "2026-01-02T03:04:05.678Z", enc.ops_json);
  return line;
}

decoded_record decode_line(const std::string& line) {
  REQUIRE(!line.empty());
  REQUIRE(line.back() == '\n');
  std::string_view payload;
  std::string why;
  INFO(why);
  REQUIRE(unframe_line(std::string_view(line).substr(0, line.size() - 1), payload, why));
  decoded_record rec;
  REQUIRE(decode_record(payload, rec));
  return rec;
}

}  // namespace

TEST_CASE("a record round-trips, UTF-8 and control characters included", "[store][codec]") {
  transaction t;
  const json doc = {{"text", "Grüße 👋 日本語"}, {"ctl", "a\nb\r\tc\x01\x1f\x7f"}, {"n", 3.5}, {"list", {1, nullptr, true}}};
  t.put("people", "u-1", doc);
  t.put("rooms", "r\n2", json::object());
  t.erase("people", "gone");
  const std::string line = line_for(t, 42);

  // Exactly one line, and the whole line is JSON a person can jq.
  CHECK(line.find('\n') == line.size() - 1);
  const json parsed = json::parse(line);
  CHECK(parsed["r"]["seq"] == 42);
  CHECK(parsed["r"]["ops"][0]["val"] == doc);

  const auto rec = decode_line(line);
  CHECK(rec.seq == 42);
  REQUIRE(rec.ops.size() == 3);
  CHECK(rec.ops[0].collection == "people");
  CHECK(json::parse(rec.ops[0].value) == doc);
  CHECK(rec.ops[1].key == "r\n2");
  CHECK(rec.ops[2].erase);
  CHECK(rec.ops[2].key == "gone");
}

TEST_CASE("invalid UTF-8 never throws and reads back as U+FFFD", "[store][codec]") {
  transaction t;
  t.put("c\xff", "k\xfe", json("bad \xc3 byte"));
  std::string line;
  REQUIRE_NOTHROW(line = line_for(t));
  const auto rec = decode_line(line);
  REQUIRE(rec.ops.size() == 1);
  CHECK(rec.ops[0].collection == "c\xef\xbf\xbd");
  CHECK(rec.ops[0].key == "k\xef\xbf\xbd");
  CHECK(json::parse(rec.ops[0].value) == json("bad \xef\xbf\xbd byte"));
  // The encoded op (what memory keeps) equals what will read back after a restart.
  encoded_txn enc;
  REQUIRE(encode_transaction(t, enc));
  CHECK(enc.ops[0].key == rec.ops[0].key);
  CHECK(enc.ops[0].value == rec.ops[0].value);
}

TEST_CASE("the checksum catches every single-byte change of a line", "[store][codec]") {
  transaction t;
  t.put("people", "u1", {{"name", "Ada"}, {"role", "teacher"}});
  const std::string line = line_for(t);
  const std::string body = line.substr(0, line.size() - 1);
  std::size_t checked = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    for (int x = 1; x < 256; ++x) {
      std::string bad = body;
      bad[i] = static_cast<char>(bad[i] ^ x);
      std::string_view payload;
      std::string why;
      INFO("byte " << i << " xor " << x);
      CHECK_FALSE(unframe_line(bad, payload, why));
      ++checked;
    }
  }
  CHECK(checked == body.size() * 255);
}

TEST_CASE("framing rejects wrong prefixes, NUL runs and cut lines", "[store][codec]") {
  std::string_view payload;
  std::string why;
  CHECK_FALSE(unframe_line(std::string(40, '\0'), payload, why));
  CHECK_FALSE(unframe_line(R"({"x":"00000000","r":{}})", payload, why));
  CHECK_FALSE(unframe_line(R"({"c":"00000000","r":{})", payload, why));
  std::string good;
  append_framed_line(good, R"({"a":1})");
  CHECK(unframe_line(std::string_view(good).substr(0, good.size() - 1), payload, why));
  CHECK(payload == R"({"a":1})");
  CHECK_FALSE(unframe_line(std::string_view(good).substr(0, good.size() - 2), payload, why));
}

TEST_CASE("decoding refuses unknown ops and malformed records", "[store][codec]") {
  decoded_record rec;
  auto st = decode_record(R"({"seq":1,"ops":[{"op":"frobnicate","coll":"c","key":"k"}]})", rec);
  CHECK(st.code() == status_code::corruption);
  CHECK_THAT(st.message(), Catch::Contains("unknown op \"frobnicate\""));
  CHECK_FALSE(decode_record(R"({"ops":[]})", rec));
  CHECK_FALSE(decode_record(R"({"seq":1,"ops":[{"op":"put","coll":"c","key":"k"}]})", rec));
  CHECK_FALSE(decode_record(R"({"seq":1,"ops":[{"op":"put","coll":"","key":"k","val":1}]})", rec));
  CHECK_FALSE(decode_record("[1,2]", rec));
  // Hand-written records in another layout go through the full parser.
  REQUIRE(decode_record(R"({ "ops": [ {"key":"k","val": {"b": 2, "a": 1},"coll":"c","op":"put"} ], "seq": 9 })", rec));
  CHECK(rec.seq == 9);
  CHECK(rec.ops.at(0).value == R"({"a":1,"b":2})");
}

TEST_CASE("encoding refuses empty collection names and discarded values", "[store][codec]") {
  encoded_txn enc;
  transaction a;
  a.put("", "k", 1);
  CHECK(encode_transaction(a, enc).code() == status_code::invalid_argument);
  transaction b;
  b.put("c", "k", json(json::value_t::discarded));
  CHECK(encode_transaction(b, enc).code() == status_code::invalid_argument);
}
