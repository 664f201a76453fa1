// The Teams app package's manifest: the fields Teams reads, the id derived from the bot, and
// every Teams limit refused with the field named (so nothing is uploaded only to be rejected).
#include "adapters/teams/app_package.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace teams = commonsbot::adapters::teams;
using nlohmann::json;

namespace {

const std::string pkg_app_id = "8a1b2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d";

teams::settings pkg_settings() {
  teams::settings s;
  s.app_id = pkg_app_id;
  s.tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  return s;
}

std::vector<teams::bot_command> pkg_commands(std::size_t n = 3) {
  std::vector<teams::bot_command> out{{"library help", "What I can do for you."},
                                      {"library plan", "Plan a unit with the library."},
                                      {"library book", "Book the library for your class."}};
  for (std::size_t i = out.size(); i < n; ++i) out.push_back({"library extra" + std::to_string(i), "Something more."});
  out.resize(n);
  return out;
}

// The field of each error, so a test can say which one was refused.
std::vector<std::string> pkg_fields(const teams::manifest_result& r) {
  std::vector<std::string> out;
  for (const auto& e : r.errors) out.push_back(e.field);
  return out;
}

bool pkg_refused(const teams::manifest_result& r, const std::string& field) {
  const auto fields = pkg_fields(r);
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

std::string pkg_read(const std::string& name) {
  std::ifstream in(std::string(COMMONSBOT_SOURCE_DIR) + "/config/teams/" + name, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace

TEST_CASE("teams package: the manifest has the fields Teams reads", "[teams][package]") {
  teams::package_info info;
  info.developer_name = "Kauri School";
  info.website_url = "https://kauri.school.nz";
  info.privacy_url = "https://kauri.school.nz/privacy";
  info.terms_url = "https://kauri.school.nz/terms";
  info.valid_domains = {"bot.kauri.school.nz"};
  const auto r = teams::build_manifest(pkg_settings(), info, pkg_commands());
  INFO(r.manifest.dump(2));
  REQUIRE(r.ok());
  CHECK(r.warnings.empty());
  const auto& m = r.manifest;
  CHECK(m["$schema"] == teams::manifest_schema);
  CHECK(m["manifestVersion"] == "1.17");
  CHECK(m["version"] == "1.0.0");
  CHECK(m["id"] == teams::app_guid(pkg_app_id));
  CHECK(m["developer"] == json{{"name", "Kauri School"},
                               {"websiteUrl", "https://kauri.school.nz"},
                               {"privacyUrl", "https://kauri.school.nz/privacy"},
                               {"termsOfUseUrl", "https://kauri.school.nz/terms"}});
  CHECK(m["name"]["short"] == "Commons Bot");
  CHECK(m["icons"] == json{{"color", "color.png"}, {"outline", "outline.png"}});
  CHECK(m["accentColor"] == "#2E6B5E");
  CHECK(m["validDomains"] == json::array({"bot.kauri.school.nz"}));
  const auto& bot = m["bots"][0];
  CHECK(bot["botId"] == pkg_app_id);
  CHECK(bot["scopes"] == json::array({"personal", "team", "groupChat"}));
  CHECK(bot["isNotificationOnly"] == false);
  REQUIRE(bot["commandLists"].size() == 1);
  CHECK(bot["commandLists"][0]["scopes"] == json::array({"personal", "team", "groupChat"}));
  CHECK(bot["commandLists"][0]["commands"][1] ==
        json{{"title", "library plan"}, {"description", "Plan a unit with the library."}});
}

TEST_CASE("teams package: the default limits fit and the placeholders are named", "[teams][package]") {
  const auto r = teams::build_manifest(pkg_settings(), teams::package_info{}, pkg_commands());
  INFO(r.manifest.dump(2));
  CHECK(r.ok());
  REQUIRE(r.warnings.size() == 4);
  CHECK(r.warnings[0].find("developer.name") != std::string::npos);
  CHECK(r.warnings[1].find("adapters.teams.package.developer.website_url") != std::string::npos);
  CHECK(r.manifest["developer"]["privacyUrl"] == "https://www.example.com");

  teams::package_info example;  // the example config's stand-ins are placeholders too
  example.developer_name = "Kauri School";
  example.website_url = "https://www.example.school.nz";
  example.privacy_url = "https://kauri.school.nz/privacy";
  example.terms_url = "https://kauri.school.nz/terms";
  const auto e = teams::build_manifest(pkg_settings(), example, pkg_commands());
  REQUIRE(e.warnings.size() == 1);
  CHECK(e.warnings[0].find("developer.websiteUrl") != std::string::npos);
}

TEST_CASE("teams package: the app id is derived from the bot's app id, the same every time", "[teams][package]") {
  const auto id = teams::app_guid(pkg_app_id);
  CHECK(teams::is_guid(id));
  CHECK(id == teams::app_guid(pkg_app_id));
  CHECK(id == teams::app_guid("8A1B2C3D-4E5F-4A6B-9C7D-0E1F2A3B4C5D"));  // case does not matter
  CHECK(id != pkg_app_id);
  CHECK(id != teams::app_guid("00000000-0000-0000-0000-000000000001"));
  CHECK(id[14] == '5');                                      // version 5: name-based, SHA-1
  CHECK(std::string("89ab").find(id[19]) != std::string::npos);  // RFC 4122 variant
  // A known value (Python: uuid.uuid5(uuid.NAMESPACE_URL, "commonsbot:teams-app:" + app id)), so a
  // change to the derivation, which would leave schools with two apps, is seen.
  CHECK(id == "f47c887a-c1e7-5f88-8d07-764be78bc5aa");
  CHECK(teams::app_guid("") != id);

  teams::package_info info;
  info.id = "11111111-2222-3333-4444-555555555555";
  CHECK(teams::build_manifest(pkg_settings(), info, pkg_commands()).manifest["id"] == info.id);
}

TEST_CASE("teams package: GUIDs and versions are checked", "[teams][package]") {
  CHECK(teams::is_guid("8a1b2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d"));
  CHECK_FALSE(teams::is_guid("8a1b2c3d4e5f4a6b9c7d0e1f2a3b4c5d"));
  CHECK_FALSE(teams::is_guid("8a1b2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5g"));
  CHECK(teams::is_semver("1.0.0"));
  CHECK(teams::is_semver("10.20.300"));
  CHECK_FALSE(teams::is_semver("1.0"));
  CHECK_FALSE(teams::is_semver("1.0.0.0"));
  CHECK_FALSE(teams::is_semver("01.0.0"));
  CHECK_FALSE(teams::is_semver("1.0.0-beta"));
  CHECK_FALSE(teams::is_semver(""));
}

TEST_CASE("teams package: every limit is refused with its field named", "[teams][package]") {
  auto refused = [](const teams::settings& s, const teams::package_info& info, const std::vector<teams::bot_command>& c,
                    const std::string& field) {
    const auto r = teams::build_manifest(s, info, c);
    std::string why = field + " refused? errors:";
    for (const auto& e : r.errors) why += "\n  " + e.to_string();
    INFO(why);
    CHECK_FALSE(r.ok());
    CHECK(pkg_refused(r, field));
  };
  const auto s = pkg_settings();
  const auto c = pkg_commands();
  teams::package_info info;

  auto empty_id = s;
  empty_id.app_id.clear();
  refused(empty_id, info, c, "bots[0].botId");
  auto bad_id = s;
  bad_id.app_id = "my-bot";
  refused(bad_id, info, c, "bots[0].botId");

  auto i = info;
  i.id = "not-a-guid";
  refused(s, i, c, "id");
  i = info;
  i.version = "1.0";
  refused(s, i, c, "version");
  i = info;
  i.short_name = std::string(31, 'x');
  refused(s, i, c, "name.short");
  i = info;
  i.short_name.clear();
  refused(s, i, c, "name.short");
  i = info;
  i.full_name = std::string(101, 'x');
  refused(s, i, c, "name.full");
  i = info;
  i.short_description = std::string(81, 'x');
  refused(s, i, c, "description.short");
  i = info;
  i.full_description = std::string(4001, 'x');
  refused(s, i, c, "description.full");
  i = info;
  i.accent_color = "green";
  refused(s, i, c, "accentColor");
  i = info;
  i.website_url = "http://kauri.school.nz";
  refused(s, i, c, "developer.websiteUrl");
  i = info;
  i.developer_name = std::string(33, 'x');
  refused(s, i, c, "developer.name");
  i = info;
  i.valid_domains = {"https://bot.kauri.school.nz/api"};
  refused(s, i, c, "validDomains[0]");

  refused(s, info, pkg_commands(11), "bots[0].commandLists[0].commands");
  auto long_title = c;
  long_title[1].title = "library " + std::string(25, 'p');  // 33 characters
  refused(s, info, long_title, "bots[0].commandLists[0].commands[1].title");
  auto long_description = c;
  long_description[2].description = std::string(129, 'd');
  refused(s, info, long_description, "bots[0].commandLists[0].commands[2].description");
  auto twice = c;
  twice[2].title = "library help";
  refused(s, info, twice, "bots[0].commandLists[0].commands[2].title");
}

TEST_CASE("teams package: limits count characters, not bytes", "[teams][package]") {
  teams::package_info info;
  info.short_name = "Te Whare Pukapuka o Kauri ā";  // 27 characters, more bytes
  REQUIRE(info.short_name.size() > 27);
  CHECK(teams::build_manifest(pkg_settings(), info, pkg_commands()).ok());
  info.short_name = "Te Whare Pukapuka o Kauri āāāāā";  // 31 characters
  CHECK(pkg_refused(teams::build_manifest(pkg_settings(), info, pkg_commands()), "name.short"));
}

TEST_CASE("teams package: at most ten commands, the everyday ones first", "[teams][package]") {
  std::vector<teams::bot_command> all;
  for (const char* w : {"help", "back", "book", "bookings", "digest", "glossary", "log", "meetings", "models", "nudges",
                        "pause", "plan", "plans", "resources", "role"})
    all.push_back({std::string("library ") + w, "About " + std::string(w) + "."});
  const auto picked = teams::pick_commands(all);
  REQUIRE(picked.size() == teams::max_commands);
  std::vector<std::string> titles;
  for (const auto& p : picked) titles.push_back(p.title);
  CHECK(titles == std::vector<std::string>{"library help", "library plan", "library book", "library resources",
                                           "library plans", "library bookings", "library log", "library meetings",
                                           "library nudges", "library digest"});
  // Fewer everyday ones: the rest fill up in the order given.
  const auto few = teams::pick_commands({{"library help", "h"}, {"library glossary", "g"}, {"library plan", "p"}});
  REQUIRE(few.size() == 3);
  CHECK(few[2].title == "library glossary");
}

TEST_CASE("teams package: icons are checked for size and transparency", "[teams][package]") {
  const auto color = pkg_read("color.png");
  const auto outline = pkg_read("outline.png");
  CHECK(teams::read_png_size(color).width == 192);
  CHECK(teams::read_png_size(color).height == 192);
  CHECK(teams::check_icon("color", color).empty());
  CHECK(teams::check_icon("outline", outline).empty());
  CHECK(teams::read_png_size(outline).has_alpha);
  CHECK(teams::check_icon("color", outline).find("32x32; Teams needs 192x192") != std::string::npos);
  CHECK(teams::check_icon("outline", color).find("192x192; Teams needs 32x32") != std::string::npos);
  CHECK(teams::check_icon("color", "GIF89a...").find("not a PNG") != std::string::npos);
  auto opaque = outline;
  opaque[25] = 2;  // colour type RGB: no alpha
  CHECK(teams::check_icon("outline", opaque).find("transparen") != std::string::npos);
}

TEST_CASE("teams package: the config section is read, with problems at their paths", "[teams][package]") {
  commonsbot::flows::problem_list problems;
  const auto info = teams::read_package_info(json::parse(R"({"package": {
      "version": "2.1.0", "short_name": "Kauri Library",
      "developer": {"name": "Kauri School", "website_url": "https://kauri.school.nz"},
      "valid_domains": ["bot.kauri.school.nz"], "colour": "#000000"}})"),
                                             "c.json", problems);
  CHECK(info.version == "2.1.0");
  CHECK(info.short_name == "Kauri Library");
  CHECK(info.developer_name == "Kauri School");
  CHECK(info.website_url == "https://kauri.school.nz");
  CHECK(info.valid_domains == std::vector<std::string>{"bot.kauri.school.nz"});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "/adapters/teams/package/colour");

  problems.clear();
  teams::read_package_info(json::parse(R"({"package": {"valid_domains": "bot.kauri.school.nz"}})"), "c.json", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "/adapters/teams/package/valid_domains");
  CHECK(problems[0].level == commonsbot::flows::problem::severity::error);
}
