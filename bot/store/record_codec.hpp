// Journal records and their line framing.
//
//   {"c":"<8 hex crc32c>","r":<payload>}\n
//   payload = {"seq":N,"ts":"2026-01-02T03:04:05.678Z","ops":[
//               {"op":"put","coll":"people","key":"u1","val":{...}},
//               {"op":"del","coll":"people","key":"u2"}]}
//
// The CRC covers the exact payload bytes between the fixed 20-byte prefix and the closing
// "}\n", so checking a line never re-serializes anything, and every line is still plain
// JSON for jq. Values are dumped compactly, so a payload never holds a raw newline.
#pragma once

#include "store/status.hpp"
#include "store/transaction.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::store {

// The on-disk format this build writes. Older formats are migrated on open; newer ones
// are refused.
inline constexpr int format_version = 1;

// One operation as the store keeps it: names and the value's compact JSON text.
struct encoded_op {
  bool erase = false;
  std::string collection;
  std::string key;
  std::string value;  // compact JSON; empty for erase
};

// A transaction checked and encoded once, on the committing thread, so the writer thread
// only stitches strings together.
struct encoded_txn {
  std::string ops_json;  // the "[...]" array of the payload
  std::vector<encoded_op> ops;
  std::size_t byte_size() const { return ops_json.size() + 64; }
};

// Validates and encodes. Keys and collection names that are not valid UTF-8 are stored
// with U+FFFD in place of the bad bytes, exactly as they will read back after a restart.
status encode_transaction(const transaction& txn, encoded_txn& out);

// Appends one framed line for record `seq`.
void append_record_line(std::string& out, std::uint64_t seq, std::string_view ts,
                        std::string_view ops_json);

// Appends {"c":"...","r":<payload>}\n for any payload (snapshot entries use it too).
void append_framed_line(std::string& out, std::string_view payload);

// Checks one line (without its '\n'). On success `payload` views into `line`; otherwise
// `why` says what is wrong.
bool unframe_line(std::string_view line, std::string_view& payload, std::string& why);

struct decoded_record {
  std::uint64_t seq = 0;
  std::vector<encoded_op> ops;
};

// Decodes a payload. A fast path reads the exact layout this build writes; anything else
// (hand-made or older lines) goes through the full JSON parser. Unknown ops are refused.
status decode_record(std::string_view payload, decoded_record& out);

}  // namespace commonsbot::store
