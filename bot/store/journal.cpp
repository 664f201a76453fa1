#include "store/journal.hpp"
#include "log/log.hpp"

#include "store/line_reader.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::store {
namespace {

std::string describe_bad_tail(std::string_view text, bool complete, const std::string& why) {
  std::size_t nuls = 0;
  for (char c : text) nuls += c == '\0';
  if (!text.empty() && nuls == text.size()) return "zero-filled region (" + std::to_string(nuls) + " NUL bytes)";
  if (!complete) return "unfinished line (" + std::to_string(text.size()) + " bytes, no newline)";
  return why;
}

// True if the line is a good record in `format` (checksum or parse, not content).
bool line_is_good(std::string_view text, int format) {
  if (format == 0) {
    auto v = nlohmann::json::parse(text, nullptr, false);
    return v.is_object() && v.contains("seq");
  }
  std::string_view payload;
  std::string why;
  return unframe_line(text, payload, why);
}

}  // namespace

status journal_writer::create(env& e, const std::string& dir, std::uint64_t first_seq,
                              std::unique_ptr<journal_writer>& out) {
  const std::string name = journal_file_name(first_seq);
  const std::string path = dir + "/" + name;
  std::unique_ptr<writable_file> file;
  if (status st = e.new_writable_file(path, true, file); !st) return st;
  const std::string header = R"({"format":)" + std::to_string(format_version) + R"(,"first_seq":)" +
                             std::to_string(first_seq) + R"(,"created":")" + log::utc_timestamp() + "\"}\n";
  status st = file->append(header);
  if (st) st = file->sync();
  if (st) st = e.sync_dir(dir);
  if (!st) return st;
  out.reset(new journal_writer(std::move(file), name, first_seq, header.size()));
  return status::ok();
}

status journal_writer::append(std::string_view lines) {
  status st = file_->append(lines);
  if (st) bytes_ += lines.size();
  return st;
}

status journal_writer::sync() { return file_->sync(); }
status journal_writer::close() { return file_->close(); }

status scan_segment(env& e, const std::string& dir, const std::string& name, std::uint64_t first_seq,
                    bool is_last, const std::function<void(decoded_record&&)>& sink, segment_scan& out) {
  out = segment_scan{};
  std::unique_ptr<sequential_file> file;
  if (status st = e.new_sequential_file(dir + "/" + name, file); !st) return st;
  line_reader reader(std::move(file));
  line_reader::line ln;
  bool end = false;

  // A bad spot: a torn tail only at the end of the newest segment with nothing good after.
  auto bad = [&](std::uint64_t offset, const std::string& what) -> status {
    problem p{problem::kind::corruption, name, offset, what};
    if (is_last) {
      bool good_after = false;
      for (;;) {
        if (status st = reader.next(ln, end); !st) return st;
        if (end) break;
        if (ln.complete && line_is_good(ln.text, out.format)) {
          good_after = true;
          p.what += "; a good record follows at offset " + std::to_string(ln.offset);
          break;
        }
      }
      if (!good_after) p.type = problem::kind::torn_tail;
    }
    out.issue = std::move(p);
    out.size = reader.offset();
    return status::ok();
  };
  auto corrupt = [&](std::uint64_t offset, std::string what, problem::kind k = problem::kind::corruption) {
    out.issue = problem{k, name, offset, std::move(what)};
    out.size = reader.offset();
    return status::ok();
  };

  // The header decides the format.
  if (status st = reader.next(ln, end); !st) return st;
  if (end) return bad(0, "empty journal segment (no header)");
  std::optional<std::string> first_record;  // a header-less format-0 segment starts with a record
  {
    if (!ln.complete) return bad(0, describe_bad_tail(ln.text, false, ""));
    auto header = nlohmann::json::parse(ln.text, nullptr, false);
    if (header.is_object() && header.contains("format")) {
      const auto& f = header["format"];
      if (!f.is_number_integer()) return corrupt(0, "journal header has a non-integer \"format\"");
      if (f.get<int>() > format_version)
        return corrupt(0, "written by format " + std::to_string(f.get<int>()) + ", newer than this build's " +
                              std::to_string(format_version) + "; upgrade commonsbot",
                       problem::kind::version);
      if (f.get<int>() != format_version) return corrupt(0, "unknown journal format " + f.dump());
      const auto fs = header.find("first_seq");
      if (fs == header.end() || !fs->is_number_unsigned() || fs->get<std::uint64_t>() != first_seq)
        return corrupt(0, "journal header's first_seq does not match the file name");
    } else if (header.is_object() && header.contains("seq") && header.contains("ops")) {
      out.format = 0;
      first_record = std::string(ln.text);
    } else {
      // A good record where the header belongs was never written by us: not a torn write.
      if (line_is_good(ln.text, format_version)) return corrupt(0, "journal segment has no header");
      return bad(0, describe_bad_tail(ln.text, true, "unreadable journal header"));
    }
    out.valid_end = reader.offset();
  }

  std::uint64_t expected = first_seq;
  decoded_record rec;
  for (bool have = first_record.has_value();; have = false) {
    std::string_view text;
    std::uint64_t offset = 0;
    if (have) {
      text = *first_record;
    } else {
      if (status st = reader.next(ln, end); !st) return st;
      if (end) break;
      text = ln.text;
      offset = ln.offset;
      if (!ln.complete) return bad(offset, describe_bad_tail(text, false, ""));
    }
    std::string_view payload = text;
    std::string why;
    if (out.format == 0) {
      if (!line_is_good(text, 0)) return bad(offset, describe_bad_tail(text, true, "line is not a JSON record"));
    } else if (!unframe_line(text, payload, why)) {
      return bad(offset, describe_bad_tail(text, true, why));
    }
    // The checksum matched, so these bytes are what was written: any further failure is
    // corruption or a newer writer, never a torn write.
    if (status st = decode_record(payload, rec); !st) return corrupt(offset, st.message());
    if (rec.seq != expected)
      return corrupt(offset, "record seq " + std::to_string(rec.seq) + " where " + std::to_string(expected) +
                                 " was expected (" + (rec.seq < expected ? "duplicate" : "gap") + ")");
    ++expected;
    ++out.records;
    out.last_seq = rec.seq;
    out.valid_end = have ? out.valid_end : reader.offset();
    sink(std::move(rec));
  }
  out.size = reader.offset();
  return status::ok();
}

}  // namespace commonsbot::store
