#include "store/recovery.hpp"

#include "log/log.hpp"
#include "store/journal.hpp"
#include "store/line_reader.hpp"
#include "store/snapshot.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>

namespace commonsbot::store {
namespace {

// The format a file says it has from its first line: 0 for the unversioned pre-release
// layout, -1 when the line is unreadable (the full check reports why).
int peek_format(env& e, const std::string& path) {
  std::unique_ptr<sequential_file> file;
  if (!e.new_sequential_file(path, file)) return -1;
  line_reader reader(std::move(file));
  line_reader::line ln;
  bool end = false;
  if (!reader.next(ln, end) || end || !ln.complete) return -1;
  auto first = nlohmann::json::parse(ln.text, nullptr, false);
  if (!first.is_object()) return -1;
  if (auto f = first.find("format"); f != first.end()) return f->is_number_integer() ? f->get<int>() : -1;
  return first.contains("seq") ? 0 : -1;
}

std::string gap_message(std::uint64_t first, std::uint64_t chain_end) {
  return "segment starts at seq " + std::to_string(first) + " but the state before it ends at seq " +
         std::to_string(chain_end) + " (missing or extra records)";
}

}  // namespace

const problem* dir_contents::first_fatal() const {
  for (const auto& p : problems)
    if (p.fatal()) return &p;
  return nullptr;
}

status load_dir(env& e, const std::string& dir, const load_options& opts, mem_state* state,
                dir_contents& out) {
  out = dir_contents{};
  std::vector<std::string> names;
  if (status st = e.list_dir(dir, names); !st) return st;
  std::sort(names.begin(), names.end());
  std::vector<std::pair<std::uint64_t, std::string>> snapshots;
  for (const auto& name : names) {
    std::uint64_t seq = 0;
    const file_kind kind = classify_file_name(name, seq);
    switch (kind) {
      case file_kind::snapshot: snapshots.emplace_back(seq, name); break;
      case file_kind::journal: out.segments.emplace_back(seq, name); break;
      case file_kind::temp: out.temp_files.push_back(name); break;
      case file_kind::lock: break;
      case file_kind::other: out.other_files.push_back(name); break;
    }
    if (kind == file_kind::snapshot || kind == file_kind::journal) {
      file_report r{name, kind, 1, 0, 0, seq, seq, false};
      e.file_size(dir + "/" + name, r.bytes);  // a file removed meanwhile shows 0 bytes
      r.format = peek_format(e, dir + "/" + name);
      if (r.format == 0) out.format0_files.push_back(name);
      out.files.push_back(std::move(r));
    }
  }
  auto report = [&](const std::string& name) -> file_report& {
    return *std::find_if(out.files.begin(), out.files.end(), [&](const file_report& r) { return r.name == name; });
  };
  std::sort(out.segments.begin(), out.segments.end());
  std::sort(snapshots.begin(), snapshots.end(), std::greater<>());

  // 1. The newest snapshot that passes every check.
  bool chosen = false;
  for (const auto& [seq, name] : snapshots) {
    if (chosen && !opts.read_everything) break;
    snapshot_info info;
    std::optional<problem> issue;
    mem_state loaded;
    if (status st = read_snapshot(e, dir, name, seq, !chosen && state ? &loaded : nullptr, info, issue); !st)
      return st;
    auto& r = report(name);
    r.checked = true;
    r.format = info.format;
    r.entries = info.count;
    if (issue) {
      if (!chosen && issue->type == problem::kind::corruption) {
        issue->type = problem::kind::bad_snapshot;  // fatal below unless the journal covers it
        out.bad_snapshots.push_back(name);
      }
      out.problems.push_back(*issue);
      continue;
    }
    if (!chosen) {
      chosen = true;
      out.snapshot = name;
      out.snapshot_seq = seq;
      out.snapshot_bytes = info.bytes;
      if (state) *state = std::move(loaded);
    }
  }

  // 2. The journal from the segment holding snapshot_seq + 1 on.
  const std::uint64_t base = out.snapshot_seq;
  out.last_seq = base;
  std::size_t start = out.segments.size();
  for (std::size_t i = 0; i < out.segments.size(); ++i)
    if (out.segments[i].first <= base + 1) start = i;
  if (start == out.segments.size() && !out.segments.empty()) {
    out.problems.push_back({problem::kind::corruption, out.segments[0].second, 0,
                            gap_message(out.segments[0].first, base) +
                                (out.snapshot.empty() ? "; no valid snapshot holds the earlier records" : "")});
    out.stop = out.problems.back();
  }
  auto apply = [&](decoded_record&& r) {
    if (state == nullptr || r.seq <= base) return;
    for (auto& op : r.ops) state->apply(std::move(op));
  };
  const auto ignore = [](decoded_record&&) {};
  std::uint64_t chain_end = base;
  for (std::size_t i = 0; i < out.segments.size(); ++i) {
    const auto& [first, name] = out.segments[i];
    const bool replay = i >= start && !out.stop;
    if (!replay && !opts.read_everything) continue;
    if (replay && i > start && first != chain_end + 1) {
      out.problems.push_back({problem::kind::corruption, name, 0, gap_message(first, chain_end)});
      out.stop = out.problems.back();
      if (!opts.read_everything) break;
    }
    const bool still_replaying = i >= start && !out.stop;
    segment_scan scan;
    if (status st = scan_segment(e, dir, name, first, i + 1 == out.segments.size(),
                                 still_replaying ? std::function<void(decoded_record&&)>(apply) : ignore, scan);
        !st)
      return st;
    auto& r = report(name);
    r.checked = true;
    r.format = scan.format;
    r.entries = scan.records;
    r.last_seq = scan.records ? scan.last_seq : first;
    if (scan.issue) out.problems.push_back(*scan.issue);
    if (!still_replaying) continue;
    chain_end = scan.records ? scan.last_seq : first - 1;
    out.last_seq = std::max(out.last_seq, chain_end);
    if (first > base) out.journal_bytes += scan.valid_end;
    if (scan.issue) {
      out.stop = scan.issue;
      out.stop_valid_end = scan.valid_end;
    }
  }

  // 3. A snapshot that failed its checks is harmless only if the journal replaced it.
  for (const auto& name : out.bad_snapshots) {
    std::uint64_t seq = 0;
    classify_file_name(name, seq);
    if (seq > out.last_seq)
      out.problems.push_back({problem::kind::corruption, name, 0,
                              "snapshot failed its checks and no older snapshot plus journal reaches its seq " +
                                  std::to_string(seq)});
  }
  return status::ok();
}

status recover(env& e, const std::string& dir, mem_state& state, dir_contents& out) {
  if (status st = load_dir(e, dir, {}, &state, out); !st) return st;
  if (const problem* p = out.first_fatal()) {
    const auto code = p->type == problem::kind::version ? status_code::version_mismatch : status_code::corruption;
    return status::error(code, dir + "/" + p->to_string() +
                                   "; refusing to open (run `commonsbot store verify` for a full report; "
                                   "`commonsbot store repair` keeps the longest valid prefix, with a backup)");
  }
  bool dir_changed = false;
  for (const auto& name : out.temp_files) {
    if (status st = e.remove_file(dir + "/" + name); !st) return st;
    log::warn("store.tmp_removed").kv("dir", dir).kv("file", name);
    dir_changed = true;
  }
  for (const auto& name : out.bad_snapshots) {
    // Kept for forensics under a name recovery ignores; everything in it is in the journal.
    if (status st = e.rename_file(dir + "/" + name, dir + "/corrupt-" + name); !st) return st;
    log::error("store.snapshot_corrupt").kv("dir", dir).kv("file", name).kv("moved_to", "corrupt-" + name);
    dir_changed = true;
  }
  if (out.stop && out.stop->type == problem::kind::torn_tail) {
    const auto& p = *out.stop;
    std::uint64_t size = 0;
    e.file_size(dir + "/" + p.file, size);
    if (status st = e.truncate_file(dir + "/" + p.file, out.stop_valid_end); !st) return st;
    log::warn("store.torn_tail")
        .kv("file", dir + "/" + p.file)
        .kv("offset", out.stop_valid_end)
        .kv("dropped_bytes", size - out.stop_valid_end)
        .kv("what", p.what);
  }
  if (dir_changed)
    if (status st = e.sync_dir(dir); !st) return st;
  if (out.format0_files.empty()) return status::ok();

  // Migration from format 0: back everything up, write the state as a format-1 snapshot,
  // then drop the old files. A crash at any point leaves either the old files or a valid
  // new snapshot (and possibly old files, which the next open migrates again).
  const auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
  std::string backup = "backup-format0-" + std::to_string(stamp);
  for (int n = 1; e.is_directory(dir + "/" + backup); ++n)  // an earlier, interrupted try
    backup = "backup-format0-" + std::to_string(stamp) + "-" + std::to_string(n);
  std::vector<std::string> data_files;
  for (const auto& r : out.files) data_files.push_back(r.name);
  if (status st = backup_files(e, dir, data_files, dir + "/" + backup); !st) return st;
  snapshot_info info;
  if (status st = write_snapshot(e, dir, out.last_seq, state.base(), info); !st) return st;
  const std::string fresh = snapshot_file_name(out.last_seq);
  for (const auto& name : out.format0_files)
    if (name != fresh)
      if (status st = e.remove_file(dir + "/" + name); !st) return st;
  if (status st = e.sync_dir(dir); !st) return st;
  std::erase_if(out.segments, [&](const auto& s) {
    return std::find(out.format0_files.begin(), out.format0_files.end(), s.second) != out.format0_files.end();
  });
  out.snapshot = fresh;
  out.snapshot_seq = out.last_seq;
  out.snapshot_bytes = info.bytes;
  out.journal_bytes = 0;
  log::info("store.migrated").kv("dir", dir).kv("from_format", 0).kv("to_format", format_version)
      .kv("backup", dir + "/" + backup).kv("seq", out.last_seq);
  return status::ok();
}

status backup_files(env& e, const std::string& dir, const std::vector<std::string>& names,
                    const std::string& backup_dir) {
  if (e.is_directory(backup_dir)) {
    std::vector<std::string> existing;
    if (status st = e.list_dir(backup_dir, existing); !st) return st;
    if (!existing.empty())
      return status::error(status_code::invalid_argument, backup_dir + " exists and is not empty");
  }
  if (status st = e.create_dir(backup_dir); !st) return st;
  std::vector<char> buf(1 << 20);
  for (const auto& name : names) {
    std::unique_ptr<sequential_file> in;
    std::unique_ptr<writable_file> copy;
    if (status st = e.new_sequential_file(dir + "/" + name, in); !st) return st;
    if (status st = e.new_writable_file(backup_dir + "/" + name, true, copy); !st) return st;
    for (;;) {
      std::size_t got = 0;
      if (status st = in->read(buf.data(), buf.size(), got); !st) return st;
      if (got == 0) break;
      if (status st = copy->append(std::string_view(buf.data(), got)); !st) return st;
    }
    if (status st = copy->sync(); !st) return st;
    if (status st = copy->close(); !st) return st;
  }
  if (status st = e.sync_dir(backup_dir); !st) return st;
  const auto slash = backup_dir.rfind('/');
  return e.sync_dir(slash == std::string::npos ? "." : (slash == 0 ? "/" : backup_dir.substr(0, slash)));
}

}  // namespace commonsbot::store
