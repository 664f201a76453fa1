#include "meetings/ics_zones.hpp"

#include "schedule/zone.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace commonsbot::meetings::ics {
namespace {

using pair = std::pair<std::string_view, std::string_view>;

// Windows zone ids (from the Unicode CLDR windowsZones table, "001" territory) for the places
// our schools are and the ones their colleagues' calendars come from.
constexpr std::array windows_names{
    pair{"new zealand standard time", "Pacific/Auckland"},
    pair{"chatham islands standard time", "Pacific/Chatham"},
    pair{"aus eastern standard time", "Australia/Sydney"},
    pair{"e. australia standard time", "Australia/Brisbane"},
    pair{"aus central standard time", "Australia/Darwin"},
    pair{"cen. australia standard time", "Australia/Adelaide"},
    pair{"w. australia standard time", "Australia/Perth"},
    pair{"tasmania standard time", "Australia/Hobart"},
    pair{"fiji standard time", "Pacific/Fiji"},
    pair{"tonga standard time", "Pacific/Tongatapu"},
    pair{"samoa standard time", "Pacific/Apia"},
    pair{"hawaiian standard time", "Pacific/Honolulu"},
    pair{"gmt standard time", "Europe/London"},
    pair{"greenwich standard time", "Atlantic/Reykjavik"},
    pair{"w. europe standard time", "Europe/Berlin"},
    pair{"romance standard time", "Europe/Paris"},
    pair{"central europe standard time", "Europe/Budapest"},
    pair{"central european standard time", "Europe/Warsaw"},
    pair{"e. europe standard time", "Europe/Chisinau"},
    pair{"fle standard time", "Europe/Helsinki"},
    pair{"gtb standard time", "Europe/Bucharest"},
    pair{"russian standard time", "Europe/Moscow"},
    pair{"israel standard time", "Asia/Jerusalem"},
    pair{"egypt standard time", "Africa/Cairo"},
    pair{"south africa standard time", "Africa/Johannesburg"},
    pair{"arabian standard time", "Asia/Dubai"},
    pair{"india standard time", "Asia/Kolkata"},
    pair{"se asia standard time", "Asia/Bangkok"},
    pair{"singapore standard time", "Asia/Singapore"},
    pair{"china standard time", "Asia/Shanghai"},
    pair{"taipei standard time", "Asia/Taipei"},
    pair{"tokyo standard time", "Asia/Tokyo"},
    pair{"korea standard time", "Asia/Seoul"},
    pair{"pacific standard time", "America/Los_Angeles"},
    pair{"mountain standard time", "America/Denver"},
    pair{"us mountain standard time", "America/Phoenix"},
    pair{"central standard time", "America/Chicago"},
    pair{"canada central standard time", "America/Regina"},
    pair{"eastern standard time", "America/New_York"},
    pair{"atlantic standard time", "America/Halifax"},
    pair{"alaskan standard time", "America/Anchorage"},
    pair{"sa pacific standard time", "America/Bogota"},
    pair{"e. south america standard time", "America/Sao_Paulo"},
    pair{"pacific sa standard time", "America/Santiago"},
    pair{"utc", "Etc/UTC"},
    pair{"gmt", "Etc/UTC"},
    pair{"z", "Etc/UTC"},
    pair{"coordinated universal time", "Etc/UTC"},
};

// Outlook's display names: "(UTC+12:00) Auckland, Wellington". Matched by a place in them.
constexpr std::array display_places{
    pair{"auckland", "Pacific/Auckland"},
    pair{"chatham", "Pacific/Chatham"},
    pair{"canberra", "Australia/Sydney"},
    pair{"sydney", "Australia/Sydney"},
    pair{"brisbane", "Australia/Brisbane"},
    pair{"adelaide", "Australia/Adelaide"},
    pair{"darwin", "Australia/Darwin"},
    pair{"perth", "Australia/Perth"},
    pair{"hobart", "Australia/Hobart"},
    pair{"fiji", "Pacific/Fiji"},
    pair{"nuku'alofa", "Pacific/Tongatapu"},
    pair{"london", "Europe/London"},
    pair{"berlin", "Europe/Berlin"},
    pair{"paris", "Europe/Paris"},
    pair{"pacific time (us", "America/Los_Angeles"},
    pair{"mountain time (us", "America/Denver"},
    pair{"central time (us", "America/Chicago"},
    pair{"eastern time (us", "America/New_York"},
    pair{"coordinated universal time", "Etc/UTC"},
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.front())) || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == '"')) s.remove_suffix(1);
  return s;
}

bool known(std::string_view name) { return schedule::zone::find(name).has_value(); }

}  // namespace

std::optional<std::string> iana_zone_for(std::string_view tzid) {
  const auto name = trim(tzid);
  if (name.empty()) return std::nullopt;
  const auto low = lower(name);
  for (const auto& [win, iana] : windows_names)
    if (low == win && known(iana)) return std::string(iana);
  if (name.find('/') != std::string_view::npos || name == "UTC") {
    if (known(name)) return std::string(name);
    // "/prefix/with/parts/Pacific/Auckland": try the last three, two, one segments.
    std::vector<std::string_view> parts;
    for (std::size_t at = 0; at <= name.size();) {
      const auto slash = name.find('/', at);
      const auto end = slash == std::string_view::npos ? name.size() : slash;
      if (end > at) parts.push_back(name.substr(at, end - at));
      at = end + 1;
    }
    for (std::size_t take = std::min<std::size_t>(3, parts.size()); take >= 1; --take) {
      std::string candidate;
      for (std::size_t i = parts.size() - take; i < parts.size(); ++i)
        candidate += (candidate.empty() ? "" : "/") + std::string(parts[i]);
      if (candidate.find('/') != std::string::npos && known(candidate)) return candidate;
    }
  }
  for (const auto& [place, iana] : display_places)
    if (low.find(place) != std::string::npos && known(iana)) return std::string(iana);
  return std::nullopt;
}

}  // namespace commonsbot::meetings::ics
