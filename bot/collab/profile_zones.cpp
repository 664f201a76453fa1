#include "collab/profile_zones.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>

namespace commonsbot::collab::people {
namespace {

// Big-endian reader that never reads past the end.
class bytes_reader {
 public:
  explicit bytes_reader(std::string_view b) : b_(b) {}
  bool skip(std::size_t n) {
    if (b_.size() - pos_ < n) return false;
    pos_ += n;
    return true;
  }
  bool u8(std::uint8_t& out) {
    if (pos_ >= b_.size()) return false;
    out = static_cast<std::uint8_t>(b_[pos_++]);
    return true;
  }
  bool i32(long long& out) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      std::uint8_t c = 0;
      if (!u8(c)) return false;
      v = (v << 8) | c;
    }
    out = static_cast<std::int32_t>(v);
    return true;
  }
  bool i64(long long& out) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) {
      std::uint8_t c = 0;
      if (!u8(c)) return false;
      v = (v << 8) | c;
    }
    out = static_cast<long long>(v);
    return true;
  }
  std::size_t pos() const { return pos_; }

 private:
  std::string_view b_;
  std::size_t pos_ = 0;
};

struct tzif_header {
  char version = 0;
  long long isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool read_header(bytes_reader& r, std::string_view bytes, tzif_header& h) {
  const std::size_t at = r.pos();
  if (bytes.size() < at + 44 || bytes.substr(at, 4) != "TZif") return false;
  h.version = bytes[at + 4];
  r.skip(20);
  for (long long* n : {&h.isut, &h.isstd, &h.leap, &h.time, &h.type, &h.chars})
    if (!r.i32(*n) || *n < 0 || *n > 100000) return false;
  return h.type > 0;
}

// Reads one data block; `wide` is the 64-bit block of version 2 and later.
std::optional<zone_rules> read_block(bytes_reader& r, const tzif_header& h, bool wide) {
  std::vector<long long> at(static_cast<std::size_t>(h.time));
  for (auto& t : at)
    if (!(wide ? r.i64(t) : r.i32(t))) return std::nullopt;
  std::vector<std::uint8_t> index(static_cast<std::size_t>(h.time));
  for (auto& i : index)
    if (!r.u8(i) || i >= h.type) return std::nullopt;
  std::vector<int> offsets;
  std::vector<bool> dst;
  for (long long i = 0; i < h.type; ++i) {
    long long off = 0;
    std::uint8_t is_dst = 0, name = 0;
    if (!r.i32(off) || !r.u8(is_dst) || !r.u8(name)) return std::nullopt;
    offsets.push_back(static_cast<int>(off));
    dst.push_back(is_dst != 0);
  }
  if (!r.skip(static_cast<std::size_t>(h.chars + h.leap * (wide ? 12 : 8) + h.isstd + h.isut))) return std::nullopt;
  zone_rules z;
  // Before the first change: the first standard-time type, as RFC 8536 suggests.
  z.initial = offsets.front();
  for (std::size_t i = 0; i < offsets.size(); ++i)
    if (!dst[i]) {
      z.initial = offsets[i];
      break;
    }
  for (std::size_t i = 0; i < at.size(); ++i) {
    if (!z.at.empty() && at[i] <= z.at.back()) continue;  // keep them ascending
    z.at.push_back(at[i]);
    z.offset.push_back(offsets[index[i]]);
  }
  return z;
}

std::string lower_underscored(std::string_view s) {
  std::string out = core::to_lower_ascii(core::trim(s));
  std::replace(out.begin(), out.end(), ' ', '_');
  return out;
}

}  // namespace

int zone_rules::offset_at(long long utc_seconds) const {
  auto it = std::upper_bound(at.begin(), at.end(), utc_seconds);
  if (it == at.begin()) return initial;
  return offset[static_cast<std::size_t>(std::distance(at.begin(), it)) - 1];
}

std::optional<zone_rules> parse_tzif(std::string_view bytes) {
  bytes_reader r(bytes);
  tzif_header h;
  if (!read_header(r, bytes, h)) return std::nullopt;
  if (h.version == 0) return read_block(r, h, false);
  // Version 2+: skip the 32-bit block and read the 64-bit one that follows it.
  if (!r.skip(static_cast<std::size_t>(h.time * 5 + h.type * 6 + h.chars + h.leap * 8 + h.isstd + h.isut)))
    return std::nullopt;
  tzif_header wide;
  if (!read_header(r, bytes, wide)) return std::nullopt;
  return read_block(r, wide, true);
}

time_zones time_zones::load(const std::filesystem::path& root) {
  namespace fs = std::filesystem;
  time_zones zones;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return zones;
  for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().lexically_relative(root).generic_string();
    if (it->is_directory(ec)) {
      if (name == "posix" || name == "right") it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || name == "localtime" || name == "posixrules" || name == "Factory") continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (auto rules = parse_tzif(bytes)) zones.add(name, std::move(*rules));
  }
  return zones;
}

const time_zones& time_zones::system() {
  static const time_zones zones = load("/usr/share/zoneinfo");
  return zones;
}

void time_zones::add(std::string name, zone_rules rules) {
  auto pos = std::lower_bound(names_.begin(), names_.end(), name);
  if (pos == names_.end() || *pos != name) names_.insert(pos, name);
  rules_[std::move(name)] = std::move(rules);
}

std::optional<int> time_zones::offset(std::string_view zone, long long utc_seconds) const {
  auto it = rules_.find(zone);
  if (it == rules_.end()) return std::nullopt;
  return it->second.offset_at(utc_seconds);
}

std::optional<std::string> match_time_zone(std::string_view typed, const std::vector<std::string>& known) {
  std::string want = lower_underscored(typed);
  if (want.empty()) return std::nullopt;
  if (want == "utc" || want == "gmt" || want == "etc/utc") {
    if (known.empty() || std::find(known.begin(), known.end(), "UTC") != known.end()) return "UTC";
  }
  if (want == "nz" || want == "new_zealand" || want == "aotearoa") want = "pacific/auckland";
  for (const auto& name : known)
    if (core::to_lower_ascii(name) == want) return name;
  if (want.find('/') != std::string::npos) return std::nullopt;
  // A city alone: accept it only if exactly one zone ends with it.
  std::optional<std::string> found;
  for (const auto& name : known) {
    const auto slash = name.rfind('/');
    if (slash == std::string::npos || core::to_lower_ascii(name.substr(slash + 1)) != want) continue;
    if (found) return std::nullopt;
    found = name;
  }
  return found;
}

}  // namespace commonsbot::collab::people
