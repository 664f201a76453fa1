#include "adapters/teams/app_package.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace commonsbot::adapters::teams {
namespace {

const std::string package_base = "/adapters/teams/package/";
constexpr const char* placeholder_developer = "Your school library";
constexpr const char* placeholder_url = "https://www.example.com";

// Teams counts characters, not bytes: UTF-8 continuation bytes are not counted.
std::size_t char_count(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_hex(const std::string& text, std::size_t from, std::size_t n) {
  if (from + n > text.size()) return false;
  return std::all_of(text.begin() + static_cast<long>(from), text.begin() + static_cast<long>(from + n),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

bool is_https(const std::string& url) { return url.size() > 8 && url.rfind("https://", 0) == 0 && url.size() <= 2048; }

// A validDomains entry: a host name, optionally with a port or a leading "*." wildcard.
bool is_domain(const std::string& d) {
  if (d.empty() || d.size() > 2048 || d.find("://") != std::string::npos) return false;
  return std::all_of(d.begin(), d.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '*' || c == ':' || c == '_';
  });
}

struct manifest_checker {
  std::vector<package_error>& errors;

  void error(std::string field, std::string what) { errors.push_back({std::move(field), std::move(what)}); }
  void text(const std::string& field, const std::string& value, std::size_t max, const std::string& config_key) {
    const auto n = char_count(value);
    if (n == 0) error(field, "is empty; set " + config_key);
    else if (n > max)
      error(field, "\"" + value + "\" is " + std::to_string(n) + " characters; Teams allows at most " +
                       std::to_string(max) + " (set " + config_key + ")");
  }
  void url(const std::string& field, const std::string& value, const std::string& config_key) {
    if (!is_https(value)) error(field, "\"" + value + "\" must be an https:// address (set " + config_key + ")");
  }
};

void read_developer(const nlohmann::json& d, const std::string& file, flows::problem_list& problems, package_info& out) {
  const std::string base = package_base + "developer/";
  if (!d.is_object()) {
    problems.push_back({flows::problem::severity::error, file, package_base + "developer",
                        "must be an object: {\"name\", \"website_url\", \"privacy_url\", \"terms_of_use_url\"}"});
    return;
  }
  static const std::set<std::string> known{"name", "website_url", "privacy_url", "terms_of_use_url"};
  for (auto it = d.begin(); it != d.end(); ++it)
    if (!known.contains(it.key())) problems.push_back({flows::problem::severity::warning, file, base + it.key(), "unknown key"});
  read_text(d, file, base, "name", out.developer_name, problems);
  read_text(d, file, base, "website_url", out.website_url, problems);
  read_text(d, file, base, "privacy_url", out.privacy_url, problems);
  read_text(d, file, base, "terms_of_use_url", out.terms_url, problems);
}

}  // namespace

package_info read_package_info(const nlohmann::json& teams_section, const std::string& file,
                               flows::problem_list& problems) {
  package_info out;
  auto it = teams_section.find("package");
  if (it == teams_section.end()) return out;
  const auto& p = *it;
  if (!p.is_object()) {
    problems.push_back({flows::problem::severity::error, file, "/adapters/teams/package", "must be an object"});
    return out;
  }
  static const std::set<std::string> known{"id",          "version",           "short_name",       "full_name",
                                           "short_description", "full_description", "developer", "accent_color",
                                           "valid_domains"};
  for (auto k = p.begin(); k != p.end(); ++k)
    if (!known.contains(k.key()))
      problems.push_back({flows::problem::severity::warning, file, package_base + k.key(), "unknown key"});
  read_text(p, file, package_base, "id", out.id, problems);
  read_text(p, file, package_base, "version", out.version, problems);
  read_text(p, file, package_base, "short_name", out.short_name, problems);
  read_text(p, file, package_base, "full_name", out.full_name, problems);
  read_text(p, file, package_base, "short_description", out.short_description, problems);
  read_text(p, file, package_base, "full_description", out.full_description, problems);
  read_text(p, file, package_base, "accent_color", out.accent_color, problems);
  if (auto d = p.find("developer"); d != p.end()) read_developer(*d, file, problems, out);
  if (auto v = p.find("valid_domains"); v != p.end()) {
    bool good = v->is_array();
    for (const auto& d : good ? *v : nlohmann::json::array()) {
      if (!d.is_string()) good = false;
      else out.valid_domains.push_back(d.get<std::string>());
    }
    if (!good)
      problems.push_back({flows::problem::severity::error, file, package_base + "valid_domains",
                          "must be a list of host names, e.g. [\"bot.school.nz\"]"});
  }
  return out;
}

std::vector<bot_command> pick_commands(const std::vector<bot_command>& all) {
  static const std::vector<std::string> everyday{"help",     "plan",     "book",     "resources", "plans",
                                                 "bookings", "log",      "meetings", "nudges",    "digest"};
  auto word = [](const bot_command& c) {
    const auto space = c.title.rfind(' ');
    return space == std::string::npos ? c.title : c.title.substr(space + 1);
  };
  std::vector<bot_command> out;
  std::vector<bool> taken(all.size(), false);
  for (const auto& w : everyday)
    for (std::size_t i = 0; i < all.size() && out.size() < max_commands; ++i)
      if (!taken[i] && word(all[i]) == w) {
        out.push_back(all[i]);
        taken[i] = true;
        break;
      }
  for (std::size_t i = 0; i < all.size() && out.size() < max_commands; ++i)
    if (!taken[i]) out.push_back(all[i]);
  return out;
}

std::string app_guid(const std::string& app_id) {
  // RFC 4122 name-based UUID, version 5: SHA-1 of the namespace's 16 bytes and the name.
  static constexpr std::array<unsigned char, 16> url_namespace{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                                               0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  std::string name = "commonsbot:teams-app:" + app_id;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string input(url_namespace.begin(), url_namespace.end());
  input += name;
  std::array<unsigned char, EVP_MAX_MD_SIZE> hash{};
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), hash.data(), &len, EVP_sha1(), nullptr);
  hash[6] = static_cast<unsigned char>((hash[6] & 0x0F) | 0x50);
  hash[8] = static_cast<unsigned char>((hash[8] & 0x3F) | 0x80);
  static constexpr const char* digits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += digits[hash[static_cast<std::size_t>(i)] >> 4];
    out += digits[hash[static_cast<std::size_t>(i)] & 0x0F];
  }
  return out;
}

bool is_guid(const std::string& t) {
  return t.size() == 36 && t[8] == '-' && t[13] == '-' && t[18] == '-' && t[23] == '-' && is_hex(t, 0, 8) &&
         is_hex(t, 9, 4) && is_hex(t, 14, 4) && is_hex(t, 19, 4) && is_hex(t, 24, 12);
}

bool is_semver(const std::string& t) {
  std::size_t parts = 0, pos = 0;
  while (pos <= t.size()) {
    const auto dot = std::min(t.find('.', pos), t.size());
    const auto part = t.substr(pos, dot - pos);
    if (part.empty() || part.size() > 9 || (part.size() > 1 && part[0] == '0') ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    ++parts;
    pos = dot + 1;
  }
  return parts == 3;
}

manifest_result build_manifest(const settings& s, const package_info& info, const std::vector<bot_command>& commands) {
  manifest_result r;
  manifest_checker check{r.errors};
  const std::string key = "adapters.teams.package.";

  if (s.app_id.empty()) check.error("bots[0].botId", "is empty; set adapters.teams.app_id to your Azure Bot's Microsoft App ID");
  else if (!is_guid(s.app_id))
    check.error("bots[0].botId", "\"" + s.app_id + "\" is not a GUID; adapters.teams.app_id must be the Azure Bot's "
                                 "Microsoft App ID, e.g. 00000000-0000-0000-0000-000000000000");
  const std::string id = info.id.empty() ? app_guid(s.app_id) : info.id;
  if (!is_guid(id)) check.error("id", "\"" + id + "\" is not a GUID (set " + key + "id, or leave it out to derive it)");
  if (!is_semver(info.version))
    check.error("version", "\"" + info.version + "\" must be three whole numbers, e.g. 1.0.0 (--version or " + key + "version)");
  check.text("name.short", info.short_name, max_short_name, key + "short_name");
  check.text("name.full", info.full_name, max_full_name, key + "full_name");
  check.text("description.short", info.short_description, max_short_description, key + "short_description");
  check.text("description.full", info.full_description, max_full_description, key + "full_description");
  if (info.accent_color.size() != 7 || info.accent_color[0] != '#' || !is_hex(info.accent_color, 1, 6))
    check.error("accentColor", "\"" + info.accent_color + "\" must be a colour like #2E6B5E (set " + key + "accent_color)");

  package_info dev = info;
  // Empty, or still the example config's stand-ins: the package works, but staff would see them.
  auto placeholder = [&](std::string& value, const char* field, const char* stand_in, const std::string& config_key) {
    if (value.empty()) value = stand_in;
    else if (value != placeholder_developer && value.find("example.") == std::string::npos) return;
    r.warnings.push_back(std::string("developer.") + field + " is the placeholder \"" + value + "\": set " +
                         config_key + " before you share the app with staff");
  };
  placeholder(dev.developer_name, "name", placeholder_developer, key + "developer.name");
  placeholder(dev.website_url, "websiteUrl", placeholder_url, key + "developer.website_url");
  placeholder(dev.privacy_url, "privacyUrl", placeholder_url, key + "developer.privacy_url");
  placeholder(dev.terms_url, "termsOfUseUrl", placeholder_url, key + "developer.terms_of_use_url");
  check.text("developer.name", dev.developer_name, 32, key + "developer.name");
  check.url("developer.websiteUrl", dev.website_url, key + "developer.website_url");
  check.url("developer.privacyUrl", dev.privacy_url, key + "developer.privacy_url");
  check.url("developer.termsOfUseUrl", dev.terms_url, key + "developer.terms_of_use_url");

  if (info.valid_domains.size() > 16) check.error("validDomains", "has " + std::to_string(info.valid_domains.size()) + " entries; Teams allows at most 16");
  for (std::size_t i = 0; i < info.valid_domains.size(); ++i)
    if (!is_domain(info.valid_domains[i]))
      check.error("validDomains[" + std::to_string(i) + "]",
                  "\"" + info.valid_domains[i] + "\" must be a host name only, e.g. bot.school.nz (no https://, no path)");

  const std::string list = "bots[0].commandLists[0].commands";
  if (commands.size() > max_commands)
    check.error(list, "has " + std::to_string(commands.size()) + " commands; Teams allows at most " + std::to_string(max_commands));
  std::set<std::string> titles;
  nlohmann::json command_json = nlohmann::json::array();
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const auto& c = commands[i];
    const std::string field = list + "[" + std::to_string(i) + "]";
    const std::string fix = "the flow's command word or its help summary in templates/";
    check.text(field + ".title", c.title, max_command_title, fix);
    check.text(field + ".description", c.description, max_command_description, fix);
    if (!titles.insert(c.title).second) check.error(field + ".title", "\"" + c.title + "\" is listed twice");
    command_json.push_back({{"title", c.title}, {"description", c.description}});
  }

  nlohmann::json bot = {{"botId", s.app_id},
                        {"scopes", {"personal", "team", "groupChat"}},
                        {"isNotificationOnly", false},
                        {"supportsFiles", false}};
  if (!command_json.empty())
    bot["commandLists"] = nlohmann::json::array({{{"scopes", {"personal", "team", "groupChat"}}, {"commands", command_json}}});

  r.manifest = {{"$schema", manifest_schema},
                {"manifestVersion", manifest_version},
                {"version", info.version},
                {"id", id},
                {"developer",
                 {{"name", dev.developer_name},
                  {"websiteUrl", dev.website_url},
                  {"privacyUrl", dev.privacy_url},
                  {"termsOfUseUrl", dev.terms_url}}},
                {"name", {{"short", info.short_name}, {"full", info.full_name}}},
                {"description", {{"short", info.short_description}, {"full", info.full_description}}},
                {"icons", {{"color", "color.png"}, {"outline", "outline.png"}}},
                {"accentColor", info.accent_color},
                {"bots", nlohmann::json::array({bot})},
                {"validDomains", info.valid_domains}};
  return r;
}

png_size read_png_size(const std::string& b) {
  static const std::string signature("\x89PNG\r\n\x1a\n", 8);
  if (b.size() < 26 || b.compare(0, 8, signature) != 0 || b.compare(12, 4, "IHDR") != 0) return {};
  auto be32 = [&](std::size_t at) {
    unsigned v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
    return v;
  };
  const auto colour = static_cast<unsigned char>(b[25]);
  return {be32(16), be32(20), colour == 4 || colour == 6};
}

std::string check_icon(const std::string& which, const std::string& bytes) {
  const bool outline = which == "outline";
  const unsigned want = outline ? outline_icon_size : color_icon_size;
  const auto size = read_png_size(bytes);
  const std::string wanted = std::to_string(want) + "x" + std::to_string(want);
  if (size.width == 0) return which + ".png is not a PNG image; it must be a " + wanted + " PNG";
  if (size.width != want || size.height != want)
    return which + ".png is " + std::to_string(size.width) + "x" + std::to_string(size.height) + "; Teams needs " + wanted;
  if (outline && !size.has_alpha) return "outline.png has no transparency; Teams needs white on a transparent background";
  return {};
}

}  // namespace commonsbot::adapters::teams
