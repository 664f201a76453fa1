// What the digest needs from the running bot: the words, the catalogue, each school's feeds
// and zone. Built once at start-up (app/runtime) and shared read-only by the digest actions,
// the scheduled "digest" fires and `commonsbot digest run`.
#pragma once

#include "collab/services.hpp"

#include <map>
#include <string>
#include <vector>

namespace commonsbot::flows {
class message_catalog;
}

namespace commonsbot::digest {

// A feed library staff configured (config tenants[].feeds, or /library feeds add).
struct feed_config {
  std::string url;                  // https:// (or a file path, for trials)
  std::string name;                 // shown in digests and reports; default: the feed's title
  std::vector<std::string> learning_areas;  // given to its items when they carry none
  std::vector<std::string> year_levels;
  long long refresh_minutes = 360;
  bool operator==(const feed_config&) const = default;
};

struct tenant_settings {
  std::string time_zone;            // for profiles and people with none
  std::vector<feed_config> feeds;
};

struct context {
  const collab::services* services = nullptr;       // content words and the catalogue
  const flows::message_catalog* messages = nullptr;
  std::string default_locale = "en-NZ";
  std::map<std::string, tenant_settings, std::less<>> tenants;
};

}  // namespace commonsbot::digest
