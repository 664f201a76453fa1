// CRC32C (Castagnoli, polynomial 0x1EDC6F41), the checksum of journal lines and snapshots.
// Chosen over CRC32 because it is what LevelDB, ext4 and iSCSI use and x86 computes it in
// hardware (SSE4.2), which keeps checking a 250 MB snapshot at open cheap.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace commonsbot::store::crc32c {

// CRC32C of `data` continuing from a previous value (0 to start): extend(extend(0,a),b)
// equals value(a+b).
std::uint32_t extend(std::uint32_t crc, std::string_view data);
inline std::uint32_t value(std::string_view data) { return extend(0, data); }

namespace detail {
// The table-driven path, always; the tests check it against the hardware one.
std::uint32_t extend_software(std::uint32_t crc, std::string_view data);
}  // namespace detail

// The 8-character lowercase hex form used in files, and its inverse.
std::string to_hex(std::uint32_t crc);
bool from_hex(std::string_view text, std::uint32_t& crc);

}  // namespace commonsbot::store::crc32c
