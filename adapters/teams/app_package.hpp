// The Teams app package's manifest (docs/teams.md): what a school uploads to Teams so staff can
// install the bot. Pure: settings, the "adapters.teams.package" section and the bot's commands
// in, manifest JSON and every broken Teams limit out, so `commonsbot teams package` refuses a
// package Teams would reject at upload with a message naming the field. Writing the zip is the
// command's job (bot/cli/teams_commands.cpp).
#pragma once

#include "adapters/teams/settings.hpp"
#include "flows/problem.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace commonsbot::adapters::teams {

// Teams' limits (manifest schema v1.17; newer schemas allow more, older clients do not).
inline constexpr std::size_t max_short_name = 30;
inline constexpr std::size_t max_full_name = 100;
inline constexpr std::size_t max_short_description = 80;
inline constexpr std::size_t max_full_description = 4000;
inline constexpr std::size_t max_commands = 10;
inline constexpr std::size_t max_command_title = 32;
inline constexpr std::size_t max_command_description = 128;
inline constexpr unsigned color_icon_size = 192;
inline constexpr unsigned outline_icon_size = 32;

inline constexpr const char* manifest_schema =
    "https://developer.microsoft.com/en-us/json-schemas/teams/v1.17/MicrosoftTeams.schema.json";
inline constexpr const char* manifest_version = "1.17";

// "adapters.teams.package": how the app looks in the Teams store. Everything is optional;
// the developer fields have placeholders, which package_warnings names.
struct package_info {
  std::string id;  // the Teams app id (a GUID); empty: app_guid(app_id)
  std::string version = "1.0.0";
  std::string short_name = "Commons Bot";
  std::string full_name = "Commons Bot: teachers and the school library";
  std::string short_description = "Plan units, book the library and find resources with your library team.";
  std::string full_description =
      "Commons Bot helps teachers and school library staff work together: plan a unit with the library, book "
      "the library for a class, find books, sites and videos by topic and year level, and get gentle nudges "
      "before planning meetings and a short digest of new resources. Type \"library help\" to start.";
  std::string developer_name;     // empty: a placeholder, with a warning
  std::string website_url;        // developer.websiteUrl
  std::string privacy_url;        // developer.privacyUrl
  std::string terms_url;          // developer.termsOfUseUrl
  std::string accent_color = "#2E6B5E";
  std::vector<std::string> valid_domains;  // the bot's host names (no https://)
};

// Reads "adapters.teams.package" (absent: the defaults), problems under /adapters/teams/package.
package_info read_package_info(const nlohmann::json& teams_section, const std::string& file,
                               flows::problem_list& problems);

// One entry of the bot's command menu: `title` is what Teams sends when it is picked.
struct bot_command {
  std::string title;        // "library plan"
  std::string description;  // the flow's one-line help summary
};

// At most max_commands of `all` (in help order), the everyday ones first: help, plan, book,
// resources, plans, bookings, log, meetings, nudges, digest; then the rest in the order given.
std::vector<bot_command> pick_commands(const std::vector<bot_command>& all);

// The Teams app id derived from the bot's Microsoft App ID: a name-based (version 5, SHA-1)
// UUID of "commonsbot:teams-app:<app id in lower case>" in the RFC 4122 URL namespace. The
// same bot always gets the same id, so a new package updates the installed app.
std::string app_guid(const std::string& app_id);

bool is_guid(const std::string& text);    // 8-4-4-4-12 hex digits
bool is_semver(const std::string& text);  // X.Y.Z, no leading zeros (Teams takes no suffix)

// A manifest field Teams would refuse, e.g. {"name.short", "is 34 characters; ..."}.
struct package_error {
  std::string field;
  std::string what;
  std::string to_string() const { return field + ": " + what; }
};

struct manifest_result {
  nlohmann::json manifest;              // complete even with errors, for inspection
  std::vector<package_error> errors;    // refuse to write the package when not empty
  std::vector<std::string> warnings;    // placeholders still in place; the package still works
  bool ok() const { return errors.empty(); }
};

// Builds manifest.json for the bot `s.app_id` with the commands given (already picked).
manifest_result build_manifest(const settings& s, const package_info& info, const std::vector<bot_command>& commands);

// The width and height of a PNG, or {0, 0} when `bytes` is not one.
struct png_size {
  unsigned width = 0, height = 0;
  bool has_alpha = false;  // colour type 4 or 6: transparency, which the outline icon needs
};
png_size read_png_size(const std::string& bytes);

// Checks one icon ("color" or "outline"): a PNG of its size, the outline with transparency.
// Empty when fine, else the problem in a sentence.
std::string check_icon(const std::string& which, const std::string& bytes);

}  // namespace commonsbot::adapters::teams
