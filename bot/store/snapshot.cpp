#include "store/snapshot.hpp"
#include "log/log.hpp"

#include "store/crc32c.hpp"
#include "store/json_text.hpp"
#include "store/line_reader.hpp"
#include "store/record_codec.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <utility>
#include <vector>

namespace commonsbot::store {
namespace {

constexpr std::size_t flush_bytes = 1 << 20;

// Reads {"coll":C,"key":K,"val":V} into its parts, fast for the layout written above.
bool decode_entry(std::string_view p, std::string& coll, std::string& key, std::string& value) {
  using namespace json_text;
  std::size_t pos = 0;
  if (skip_literal(p, pos, R"({"coll":)") && read_string(p, pos, coll) && skip_literal(p, pos, R"(,"key":)") &&
      read_string(p, pos, key) && skip_literal(p, pos, R"(,"val":)")) {
    const std::size_t start = pos;
    if (skip_value(p, pos) && pos + 1 == p.size() && p[pos] == '}' && !coll.empty()) {
      value.assign(p.data() + start, pos - start);
      return true;
    }
  }
  auto doc = nlohmann::json::parse(p, nullptr, false);
  if (!doc.is_object()) return false;
  auto c = doc.find("coll");
  auto k = doc.find("key");
  auto v = doc.find("val");
  if (c == doc.end() || !c->is_string() || k == doc.end() || !k->is_string() || v == doc.end()) return false;
  coll = c->get<std::string>();
  key = k->get<std::string>();
  value = json_text::dump(*v);
  return !coll.empty();
}

}  // namespace

status write_snapshot(env& e, const std::string& dir, std::uint64_t seq,
                      const mem_state::collections& docs, snapshot_info& out) {
  const std::string name = snapshot_file_name(seq);
  const std::string tmp = dir + "/" + name + ".tmp";
  std::uint64_t count = 0;
  for (const auto& [coll, d] : docs) count += d.size();

  std::unique_ptr<writable_file> file;
  if (status st = e.new_writable_file(tmp, false, file); !st) return st;
  std::string buf;
  buf.reserve(flush_bytes + 64 * 1024);
  buf += R"({"format":)" + std::to_string(format_version) + R"(,"seq":)" + std::to_string(seq) +
         R"(,"count":)" + std::to_string(count) + R"(,"created":")" + log::utc_timestamp() + "\"}\n";
  std::uint32_t crc = 0;
  std::uint64_t bytes = 0;
  auto flush = [&]() -> status {
    crc = crc32c::extend(crc, buf);
    bytes += buf.size();
    status st = file->append(buf);
    buf.clear();
    return st;
  };
  std::string payload;
  for (const auto& [coll, d] : docs) {
    for (const auto& [key, value] : d) {
      payload.clear();
      payload += R"({"coll":)";
      json_text::append_string(payload, coll);
      payload += R"(,"key":)";
      json_text::append_string(payload, key);
      payload += R"(,"val":)";
      payload += value;
      payload += '}';
      append_framed_line(buf, payload);
      if (buf.size() >= flush_bytes)
        if (status st = flush(); !st) return st;
    }
  }
  if (status st = flush(); !st) return st;
  buf = R"({"end":true,"count":)" + std::to_string(count) + R"(,"crc":")" + crc32c::to_hex(crc) + "\"}\n";
  bytes += buf.size();
  // Order matters: the data must be durable before the name points at it (ALICE).
  status st = file->append(buf);
  if (st) st = file->sync();
  if (st) st = file->close();
  if (st) st = e.rename_file(tmp, dir + "/" + name);
  if (st) st = e.sync_dir(dir);
  if (!st) return st;
  out = snapshot_info{format_version, seq, count, bytes};
  return status::ok();
}

status read_snapshot(env& e, const std::string& dir, const std::string& name, std::uint64_t name_seq,
                     mem_state* state, snapshot_info& info, std::optional<problem>& issue) {
  info = snapshot_info{};
  issue.reset();
  std::unique_ptr<sequential_file> file;
  if (status st = e.new_sequential_file(dir + "/" + name, file); !st) return st;
  line_reader reader(std::move(file));
  line_reader::line ln;
  bool end = false;
  auto fail = [&](std::uint64_t offset, std::string what, problem::kind k = problem::kind::corruption) {
    issue = problem{k, name, offset, std::move(what)};
    return status::ok();
  };

  if (status st = reader.next(ln, end); !st) return st;
  if (end || !ln.complete) return fail(0, "snapshot has no complete header line");
  auto header = nlohmann::json::parse(ln.text, nullptr, false);
  if (!header.is_object() || !header.contains("seq") || !header["seq"].is_number_unsigned() ||
      !header.contains("count") || !header["count"].is_number_unsigned())
    return fail(0, "unreadable snapshot header");
  if (header.contains("format")) {
    if (!header["format"].is_number_integer()) return fail(0, "snapshot header has a non-integer \"format\"");
    info.format = header["format"].get<int>();
    if (info.format > format_version)
      return fail(0, "written by format " + std::to_string(info.format) + ", newer than this build's " +
                         std::to_string(format_version) + "; upgrade commonsbot",
                  problem::kind::version);
    if (info.format != format_version) return fail(0, "unknown snapshot format " + std::to_string(info.format));
  } else {
    info.format = 0;  // the pre-release layout: no format, no checksums, no footer
  }
  info.seq = header["seq"].get<std::uint64_t>();
  const auto expected_count = header["count"].get<std::uint64_t>();
  if (info.seq != name_seq) return fail(0, "header seq " + std::to_string(info.seq) + " does not match the file name");

  std::uint32_t crc = crc32c::extend(crc32c::extend(0, ln.text), "\n");
  std::string coll, key, value;
  bool footer = false;
  for (;;) {
    if (status st = reader.next(ln, end); !st) return st;
    if (end) break;
    if (!ln.complete) return fail(ln.offset, "unfinished line (no newline)");
    if (footer) return fail(ln.offset, "data after the footer");
    std::string_view payload = ln.text;
    if (info.format == format_version) {
      if (ln.text.substr(0, 7) == R"({"end":)") {
        auto f = nlohmann::json::parse(ln.text, nullptr, false);
        if (!f.is_object() || !f.contains("count") || !f.contains("crc") || !f["crc"].is_string())
          return fail(ln.offset, "unreadable footer");
        if (f["count"] != info.count)
          return fail(ln.offset, "footer count " + f["count"].dump() + " but " + std::to_string(info.count) +
                                     " documents were read");
        if (f["crc"].get<std::string>() != crc32c::to_hex(crc))
          return fail(ln.offset, "footer checksum mismatch (stored " + f["crc"].get<std::string>() +
                                     ", computed " + crc32c::to_hex(crc) + ")");
        footer = true;
        continue;
      }
      std::string why;
      if (!unframe_line(ln.text, payload, why)) return fail(ln.offset, why);
      crc = crc32c::extend(crc32c::extend(crc, ln.text), "\n");
    }
    if (!decode_entry(payload, coll, key, value)) return fail(ln.offset, "unreadable document entry");
    ++info.count;
    if (state != nullptr) state->load(coll, std::move(key), std::move(value));
  }
  if (info.format == format_version && !footer) return fail(reader.offset(), "snapshot has no footer");
  if (info.count != expected_count)
    return fail(reader.offset(), "header count " + std::to_string(expected_count) + " but " +
                                     std::to_string(info.count) + " documents were read");
  info.bytes = reader.offset();
  if (state != nullptr) state->finish_load();
  return status::ok();
}

status remove_obsolete_files(env& e, const std::string& dir, std::uint64_t seq) {
  std::vector<std::string> names;
  if (status st = e.list_dir(dir, names); !st) return st;
  std::vector<std::pair<std::uint64_t, std::string>> snapshots;
  std::vector<std::pair<std::uint64_t, std::string>> segments;
  for (const auto& name : names) {
    std::uint64_t n = 0;
    const file_kind k = classify_file_name(name, n);
    if (k == file_kind::snapshot) snapshots.emplace_back(n, name);
    if (k == file_kind::journal) segments.emplace_back(n, name);
  }
  std::sort(snapshots.begin(), snapshots.end());
  std::sort(segments.begin(), segments.end());
  // The previous generation: the newest snapshot older than `seq`.
  std::optional<std::uint64_t> previous;
  for (const auto& [n, name] : snapshots)
    if (n < seq) previous = n;
  if (!previous) return status::ok();
  std::vector<std::string> doomed;
  for (const auto& [n, name] : snapshots)
    if (n < *previous) doomed.push_back(name);
  // Segment i holds seqs [first_i, first_{i+1} - 1]; it is obsolete when all are <= previous.
  for (std::size_t i = 0; i + 1 < segments.size(); ++i)
    if (segments[i + 1].first <= *previous + 1 && segments[i + 1].first <= seq + 1) doomed.push_back(segments[i].second);
  for (const auto& name : doomed)
    if (status st = e.remove_file(dir + "/" + name); !st) return st;
  return doomed.empty() ? status::ok() : e.sync_dir(dir);
}

}  // namespace commonsbot::store
