// Time zones: the IANA names the system knows (from /usr/share/zoneinfo) and their UTC
// offsets, so a profile only accepts real zones and "today" can be the reader's today.
//
// GCC 12 has no std::chrono::tzdb, so this reads the compiled TZif files itself. Everything
// is read once, at start-up (actions must not do I/O); lookups are then pure.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab::people {

// When a zone's offset changes: from `at` (seconds since the epoch, UTC) it is `offset`.
struct zone_rules {
  std::vector<long long> at;   // ascending
  std::vector<int> offset;     // seconds east of UTC, one per `at`
  int initial = 0;             // before the first change

  int offset_at(long long utc_seconds) const;
};

// Reads a TZif file's bytes (versions 1 to 4). nullopt if they are not one.
std::optional<zone_rules> parse_tzif(std::string_view bytes);

class time_zones {
 public:
  // Every zone file under `root`, except the posix/ and right/ copies.
  static time_zones load(const std::filesystem::path& root);
  // The system's zones, loaded on first use (call it at start-up, not from an action).
  static const time_zones& system();

  void add(std::string name, zone_rules rules);  // tests
  const std::vector<std::string>& names() const { return names_; }
  bool empty() const { return names_.empty(); }
  // Seconds east of UTC for `zone` at `utc_seconds`; nullopt for an unknown zone.
  std::optional<int> offset(std::string_view zone, long long utc_seconds) const;

 private:
  std::vector<std::string> names_;  // sorted
  std::map<std::string, zone_rules, std::less<>> rules_;
};

// The zone a person meant by `typed`, from `known` (IANA names): exact in any case, spaces
// for underscores ("pacific/auckland", "America/New York"), or a unique city ("Auckland",
// "london"); "NZ" and "New Zealand" mean Pacific/Auckland, "UTC" and "GMT" mean UTC. If
// `known` is empty (a system without zone data) only "UTC" is accepted.
std::optional<std::string> match_time_zone(std::string_view typed, const std::vector<std::string>& known);

}  // namespace commonsbot::collab::people
