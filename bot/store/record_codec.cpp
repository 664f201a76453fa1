#include "store/record_codec.hpp"

#include "store/crc32c.hpp"
#include "store/json_text.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace commonsbot::store {
namespace {

constexpr std::string_view frame_prefix = R"({"c":")";   // then 8 hex digits
constexpr std::string_view frame_middle = R"(","r":)";
constexpr std::size_t frame_head = 20;                       // {"c":"xxxxxxxx","r":
constexpr std::string_view frame_suffix = "}";

// The name as it will read back: invalid UTF-8 replaced, like append_string does.
std::string normalized(const std::string& name) {
  if (json_text::is_valid_utf8(name)) return name;
  std::string quoted;
  json_text::append_string(quoted, name);
  std::size_t pos = 0;
  std::string out;
  json_text::read_string(quoted, pos, out);
  return out;
}

status corrupt(std::string what) { return status::error(status_code::corruption, std::move(what)); }

// The full-parser path for records this build did not write byte for byte.
status decode_generic(std::string_view payload, decoded_record& out) {
  auto doc = nlohmann::json::parse(payload, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return corrupt("record is not a JSON object");
  const auto seq = doc.find("seq");
  if (seq == doc.end() || !seq->is_number_unsigned()) return corrupt("record has no unsigned \"seq\"");
  const auto ops = doc.find("ops");
  if (ops == doc.end() || !ops->is_array()) return corrupt("record has no \"ops\" array");
  out.seq = seq->get<std::uint64_t>();
  out.ops.clear();
  out.ops.reserve(ops->size());
  for (const auto& op : *ops) {
    if (!op.is_object()) return corrupt("operation is not an object");
    const auto kind = op.find("op");
    const auto coll = op.find("coll");
    const auto key = op.find("key");
    if (kind == op.end() || !kind->is_string()) return corrupt("operation has no \"op\"");
    if (coll == op.end() || !coll->is_string() || coll->get_ref<const std::string&>().empty())
      return corrupt("operation has no \"coll\"");
    if (key == op.end() || !key->is_string()) return corrupt("operation has no \"key\"");
    encoded_op e;
    e.collection = coll->get<std::string>();
    e.key = key->get<std::string>();
    const auto& name = kind->get_ref<const std::string&>();
    if (name == "put") {
      const auto val = op.find("val");
      if (val == op.end()) return corrupt("put has no \"val\"");
      e.value = json_text::dump(*val);
    } else if (name == "del") {
      e.erase = true;
    } else {
      return corrupt("unknown op \"" + name + "\" (written by a newer version?)");
    }
    out.ops.push_back(std::move(e));
  }
  return status::ok();
}

}  // namespace

status encode_transaction(const transaction& txn, encoded_txn& out) {
  out.ops.clear();
  out.ops.reserve(txn.operations().size());
  out.ops_json.clear();
  out.ops_json += '[';
  for (const auto& op : txn.operations()) {
    if (op.collection.empty()) return status::error(status_code::invalid_argument, "empty collection name");
    encoded_op e;
    e.erase = op.op == operation::kind::erase;
    e.collection = normalized(op.collection);
    e.key = normalized(op.key);
    if (!e.erase) {
      if (op.value.is_discarded())
        return status::error(status_code::invalid_argument, "discarded JSON value for key " + e.key);
      e.value = json_text::dump(op.value);
    }
    if (out.ops_json.size() > 1) out.ops_json += ',';
    out.ops_json += e.erase ? R"({"op":"del","coll":)" : R"({"op":"put","coll":)";
    json_text::append_string(out.ops_json, e.collection);
    out.ops_json += R"(,"key":)";
    json_text::append_string(out.ops_json, e.key);
    if (!e.erase) {
      out.ops_json += R"(,"val":)";
      out.ops_json += e.value;
    }
    out.ops_json += '}';
    out.ops.push_back(std::move(e));
  }
  out.ops_json += ']';
  return status::ok();
}

void append_framed_line(std::string& out, std::string_view payload) {
  out += frame_prefix;
  out += crc32c::to_hex(crc32c::value(payload));
  out += frame_middle;
  out += payload;
  out += frame_suffix;
  out += '\n';
}

void append_record_line(std::string& out, std::uint64_t seq, std::string_view ts,
                        std::string_view ops_json) {
  // The payload is built in place after a placeholder CRC, then the CRC is patched in, so
  // the (possibly large) ops text is copied once.
  const std::size_t head = out.size();
  out += frame_prefix;
  out += "00000000";
  out += frame_middle;
  const std::size_t payload_start = out.size();
  out += R"({"seq":)";
  out += std::to_string(seq);
  out += R"(,"ts":")";
  out += ts;
  out += R"(","ops":)";
  out += ops_json;
  out += '}';
  const std::string_view payload(out.data() + payload_start, out.size() - payload_start);
  const std::string hex = crc32c::to_hex(crc32c::value(payload));
  out.replace(head + frame_prefix.size(), 8, hex);
  out += frame_suffix;
  out += '\n';
}

bool unframe_line(std::string_view line, std::string_view& payload, std::string& why) {
  if (line.size() < frame_head + frame_suffix.size() || line.substr(0, frame_prefix.size()) != frame_prefix ||
      line.substr(frame_prefix.size() + 8, frame_middle.size()) != frame_middle ||
      line.substr(line.size() - frame_suffix.size()) != frame_suffix) {
    why = "line is not a {\"c\":...,\"r\":...} record";
    return false;
  }
  std::uint32_t stored = 0;
  if (!crc32c::from_hex(line.substr(frame_prefix.size(), 8), stored)) {
    why = "checksum field is not 8 lowercase hex digits";
    return false;
  }
  payload = line.substr(frame_head, line.size() - frame_head - frame_suffix.size());
  const std::uint32_t actual = crc32c::value(payload);
  if (actual != stored) {
    why = "checksum mismatch (stored " + crc32c::to_hex(stored) + ", computed " + crc32c::to_hex(actual) + ")";
    return false;
  }
  return true;
}

status decode_record(std::string_view p, decoded_record& out) {
  using namespace json_text;
  out.ops.clear();
  std::size_t pos = 0;
  std::string ts;
  bool fast = skip_literal(p, pos, R"({"seq":)") && read_uint(p, pos, out.seq) &&
              skip_literal(p, pos, R"(,"ts":)") && read_string(p, pos, ts) &&
              skip_literal(p, pos, R"(,"ops":[)");
  if (fast && !skip_literal(p, pos, "]")) {
    for (;;) {
      encoded_op e;
      if (skip_literal(p, pos, R"({"op":"put","coll":)")) e.erase = false;
      else if (skip_literal(p, pos, R"({"op":"del","coll":)")) e.erase = true;
      else { fast = false; break; }
      if (!read_string(p, pos, e.collection) || e.collection.empty() || !skip_literal(p, pos, R"(,"key":)") ||
          !read_string(p, pos, e.key)) { fast = false; break; }
      if (!e.erase) {
        if (!skip_literal(p, pos, R"(,"val":)")) { fast = false; break; }
        const std::size_t start = pos;
        if (!skip_value(p, pos)) { fast = false; break; }
        e.value.assign(p.data() + start, pos - start);
      }
      if (!skip_literal(p, pos, "}")) { fast = false; break; }
      out.ops.push_back(std::move(e));
      if (skip_literal(p, pos, ",")) continue;
      if (skip_literal(p, pos, "]")) break;
      fast = false;
      break;
    }
  }
  if (fast && skip_literal(p, pos, "}") && pos == p.size()) return status::ok();
  return decode_generic(p, out);
}

}  // namespace commonsbot::store
