// The store's decoders for what it reads back from disk: one journal line (frame and
// checksum, then the record), a whole journal segment (header, records, torn tails) and a
// snapshot, as recovery reads them after a crash (tests/fuzz/README.md).
//
// Input: one mode byte (low two bits: 0 a line, 1 the newest segment, 2 an older segment,
// 3 a snapshot), then the bytes of the line or file. Lines are also re-framed with a valid
// checksum (bit 2), so the record decoder is reached past the CRC.
#include "fuzz_input.hpp"

#include "store/env.hpp"
#include "store/journal.hpp"
#include "store/layout.hpp"
#include "store/mem_state.hpp"
#include "store/record_codec.hpp"
#include "store/snapshot.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

namespace store = commonsbot::store;

namespace {

class memory_file final : public store::sequential_file {
 public:
  explicit memory_file(std::string_view bytes) : bytes_(bytes) {}
  store::status read(char* buf, std::size_t n, std::size_t& got) override {
    got = std::min(n, bytes_.size());
    std::memcpy(buf, bytes_.data(), got);
    bytes_.remove_prefix(got);
    return store::status::ok();
  }

 private:
  std::string_view bytes_;
};

// Serves one file, read-only; anything else the decoders try is refused as an I/O error.
class one_file_env final : public store::env {
 public:
  explicit one_file_env(std::string_view bytes) : bytes_(bytes) {}
  store::status new_sequential_file(const std::string&, std::unique_ptr<store::sequential_file>& out) override {
    out = std::make_unique<memory_file>(bytes_);
    return store::status::ok();
  }
  store::status file_size(const std::string&, std::uint64_t& size) override {
    size = bytes_.size();
    return store::status::ok();
  }
  store::status create_dir(const std::string&) override { return refused(); }
  store::status new_writable_file(const std::string&, bool, std::unique_ptr<store::writable_file>&) override {
    return refused();
  }
  store::status truncate_file(const std::string&, std::uint64_t) override { return refused(); }
  store::status rename_file(const std::string&, const std::string&) override { return refused(); }
  store::status remove_file(const std::string&) override { return refused(); }
  store::status sync_dir(const std::string&) override { return refused(); }
  store::status list_dir(const std::string&, std::vector<std::string>&) override { return refused(); }
  bool is_directory(const std::string&) override { return false; }
  store::status lock_file(const std::string&, std::unique_ptr<store::lock_handle>&) override { return refused(); }

 private:
  static store::status refused() { return store::status::error(store::status_code::io_error, "read-only fuzz env"); }
  std::string_view bytes_;
};

void decode_line(std::string_view line) {
  std::string_view payload;
  std::string why;
  if (!store::unframe_line(line, payload, why)) return;
  store::decoded_record record;
  if (!store::decode_record(payload, record)) return;
  // A record is written with its payload framed as read; framing it again must give a line
  // that unframes to the very same payload bytes.
  std::string again;
  store::append_framed_line(again, payload);
  again.pop_back();
  std::string_view round;
  if (!store::unframe_line(again, round, why) || round != payload) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  const std::uint8_t mode = in.byte();
  const std::string_view bytes = in.rest();
  switch (mode & 3) {
    case 0: {
      decode_line(bytes);
      if (mode & 4) {
        std::string framed;
        store::append_framed_line(framed, bytes);
        framed.pop_back();  // the '\n'
        decode_line(framed);
      }
      break;
    }
    case 1:
    case 2: {
      one_file_env e(bytes);
      store::segment_scan scan;
      std::uint64_t last = 0;
      const auto st = store::scan_segment(e, "dir", store::journal_file_name(1), 1, (mode & 3) == 1,
                                          [&](store::decoded_record&& r) {
                                            // Records reach the sink in order, each exactly one after the last.
                                            if (last != 0 && r.seq != last + 1) std::abort();
                                            last = r.seq;
                                          },
                                          scan);
      if (st && scan.valid_end > bytes.size()) std::abort();
      break;
    }
    default: {
      one_file_env e(bytes);
      store::mem_state state;
      store::snapshot_info info;
      std::optional<store::problem> issue;
      store::read_snapshot(e, "dir", store::snapshot_file_name(1), 1, &state, info, issue);
      break;
    }
  }
  return 0;
}
