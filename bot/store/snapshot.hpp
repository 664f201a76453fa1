// Snapshots: the whole state as of one sequence number, in one file.
//
//   {"format":1,"seq":S,"count":M,"created":"…"}          header
//   {"c":"…","r":{"coll":"people","key":"u1","val":{…}}}   one framed line per document
//   {"end":true,"count":M,"crc":"…"}                        footer: CRC32C of every byte above
//
// Written as snapshot-S.json.tmp, fdatasynced, closed, renamed to snapshot-S.json, and the
// directory fsynced, so the name only ever points at a complete, durable file.
#pragma once

#include "store/env.hpp"
#include "store/layout.hpp"
#include "store/mem_state.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace commonsbot::store {

struct snapshot_info {
  int format = 0;
  std::uint64_t seq = 0;
  std::uint64_t count = 0;
  std::uint64_t bytes = 0;
};

// Writes `docs` as snapshot `seq` durably (steps above). Safe to call from a thread other
// than the writer as long as `docs` does not change meanwhile (a frozen mem_state base).
status write_snapshot(env& e, const std::string& dir, std::uint64_t seq,
                      const mem_state::collections& docs, snapshot_info& out);

// Checks snapshot `name` (format, header, every line, count, footer CRC). When `state` is
// not null the documents are loaded into it. Problems go to `issue`; the status is not ok
// only when the file could not be read.
status read_snapshot(env& e, const std::string& dir, const std::string& name, std::uint64_t name_seq,
                     mem_state* state, snapshot_info& info, std::optional<problem>& issue);

// After snapshot `seq` is durable: removes what neither it nor the previous snapshot needs
// (older snapshots, and segments all of whose records are at or below the previous
// snapshot's seq), then fsyncs the directory. One generation is kept so that a newest
// snapshot that fails its checks one day can fall back to the previous one plus journal.
status remove_obsolete_files(env& e, const std::string& dir, std::uint64_t seq);

}  // namespace commonsbot::store
