// `commonsbot teams package` through the real binary: a zip Teams accepts (manifest.json and
// the two icons, the menu from the real flows), and clear refusals with exit code 2.
#include "support/console_session.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <zip.h>

#include <fstream>
#include <map>

using namespace commonsbot::test;

namespace {

const std::string pkg_bot_id = "8a1b2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d";

// The test config with an "adapters.teams" section made of `teams` (JSON members).
std::filesystem::path pkg_config(const temp_dir& dir, const std::string& teams) {
  const auto path = write_test_config(dir);
  auto cfg = nlohmann::json::parse(read_file(path));
  cfg["adapters"]["teams"] = nlohmann::json::parse("{" + teams + "}");
  std::ofstream(path, std::ios::trunc) << cfg.dump(2);
  return path;
}

const std::string pkg_good_teams = R"("enabled": true, "app_id": ")" + pkg_bot_id + R"(",
  "app_password": {"env": "COMMONSBOT_TEST_TEAMS_SECRET_NOT_SET"},
  "tenant_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
  "package": {"developer": {"name": "Kauri School", "website_url": "https://kauri.school.nz",
              "privacy_url": "https://kauri.school.nz/privacy", "terms_of_use_url": "https://kauri.school.nz/terms"}})";

// A path, not string concatenation: GCC 12 warns (-Wstringop-overread) about the latter here.
std::string pkg_icons() { return (std::filesystem::path(COMMONSBOT_SOURCE_DIR) / "config" / "teams").string(); }

// Every file in the zip at `path`, by name, read with libzip.
std::map<std::string, std::string> pkg_unzip(const std::filesystem::path& path) {
  std::map<std::string, std::string> out;
  int code = 0;
  zip_t* za = zip_open(path.string().c_str(), ZIP_RDONLY, &code);
  REQUIRE(za != nullptr);
  for (zip_int64_t i = 0; i < zip_get_num_entries(za, 0); ++i) {
    zip_stat_t st;
    REQUIRE(zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) == 0);
    std::string bytes(static_cast<std::size_t>(st.size), '\0');
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    REQUIRE(f != nullptr);
    CHECK(zip_fread(f, bytes.data(), bytes.size()) == static_cast<zip_int64_t>(bytes.size()));
    zip_fclose(f);
    out[st.name] = bytes;
  }
  zip_discard(za);
  return out;
}

}  // namespace

TEST_CASE("teams package: builds a zip with the manifest and both icons", "[integration][teams]") {
  temp_dir dir;
  const auto config = pkg_config(dir, pkg_good_teams);
  const auto zip = dir / "commonsbot-teams.zip";
  auto r = run_process({binary(), "teams", "package", "--config", config.string(), "--out", zip.string(), "--version",
                        "1.2.3", "--host", "https://bot.kauri.school.nz/", "--icons", pkg_icons()},
                       "");
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "wrote " + zip.string()));
  CHECK(contains(r.err, "COMMONSBOT_TEST_TEAMS_SECRET_NOT_SET"));  // a warning only: the package holds no secret

  const auto files = pkg_unzip(zip);
  REQUIRE(files.size() == 3);
  REQUIRE(files.contains("manifest.json"));
  CHECK(files.at("color.png") == read_file(pkg_icons() + "/color.png"));
  CHECK(files.at("outline.png") == read_file(pkg_icons() + "/outline.png"));

  const auto m = nlohmann::json::parse(files.at("manifest.json"));
  CHECK(m["version"] == "1.2.3");
  CHECK(m["bots"][0]["botId"] == pkg_bot_id);
  CHECK(m["developer"]["name"] == "Kauri School");
  CHECK(m["validDomains"] == nlohmann::json::array({"bot.kauri.school.nz"}));
  const auto& commands = m["bots"][0]["commandLists"][0]["commands"];
  REQUIRE(commands.size() == 10);
  CHECK(commands[0]["title"] == "library help");
  CHECK(commands[1]["title"] == "library plan");
  for (const auto& c : commands) {
    CHECK(c["title"].get<std::string>().size() <= 32);
    CHECK_FALSE(c["description"].get<std::string>().empty());
    CHECK(c["description"].get<std::string>().front() != '[');  // a real message, not a missing key
  }

  // The same bot gets the same app id, so a new version updates the installed app.
  const auto again = dir / "again.zip";
  REQUIRE(run_process({binary(), "teams", "package", "--config", config.string(), "--out", again.string(), "--icons",
                       pkg_icons()},
                      "")
              .exit_code == 0);
  const auto m2 = nlohmann::json::parse(pkg_unzip(again).at("manifest.json"));
  CHECK(m2["id"] == m["id"]);
  CHECK(m2["version"] == "1.0.0");
}

TEST_CASE("teams package: bad input is refused with exit code 2 and the reason", "[integration][teams]") {
  temp_dir dir;
  SECTION("no app id") {
    const auto config = pkg_config(dir, R"("tenant_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
                                           "app_password": {"env": "X"})");
    auto r = run_process({binary(), "teams", "package", "--config", config.string(), "--out", (dir / "p.zip").string(),
                          "--icons", pkg_icons()},
                         "");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "/adapters/teams/app_id"));
    CHECK_FALSE(std::filesystem::exists(dir / "p.zip"));
  }
  SECTION("no teams section") {
    const auto config = write_test_config(dir);
    auto r = run_process({binary(), "teams", "package", "--config", config.string(), "--out", (dir / "p.zip").string()}, "");
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "no adapters.teams section"));
  }
  SECTION("an --out that cannot be written") {
    const auto config = pkg_config(dir, pkg_good_teams);
    auto r = run_process({binary(), "teams", "package", "--config", config.string(), "--out",
                          (dir / "no-such-folder" / "p.zip").string(), "--icons", pkg_icons()},
                         "");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "cannot write"));
    CHECK(contains(r.err, "no-such-folder"));
    auto folder = run_process({binary(), "teams", "package", "--config", config.string(), "--out", dir.path().string(),
                               "--icons", pkg_icons()},
                              "");
    CHECK(folder.exit_code == 2);
    CHECK(contains(folder.err, "it is a folder"));
  }
  SECTION("a version Teams would refuse") {
    const auto config = pkg_config(dir, pkg_good_teams);
    auto r = run_process({binary(), "teams", "package", "--config", config.string(), "--out", (dir / "p.zip").string(),
                          "--version", "1.0", "--icons", pkg_icons()},
                         "");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "manifest version: \"1.0\" must be three whole numbers"));
  }
  SECTION("icons of the wrong size") {
    const auto config = pkg_config(dir, pkg_good_teams);
    std::filesystem::create_directories(dir / "icons");
    std::filesystem::copy_file(pkg_icons() + "/outline.png", dir / "icons" / "color.png");
    std::filesystem::copy_file(pkg_icons() + "/outline.png", dir / "icons" / "outline.png");
    auto r = run_process({binary(), "teams", "package", "--config", config.string(), "--out", (dir / "p.zip").string(),
                          "--icons", (dir / "icons").string()},
                         "");
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "color.png is 32x32; Teams needs 192x192"));
  }
}

TEST_CASE("teams package: --help explains the options", "[integration][teams]") {
  auto r = run_process({binary(), "teams", "package", "--help"}, "");
  CHECK(r.exit_code == 0);
  for (const char* words : {"--out", "--version", "--host", "--icons", "Upload", "docs/teams.md"})
    CHECK(contains(r.out, words));
}

TEST_CASE("teams package: check-config names the placeholders and the limits", "[integration][teams]") {
  temp_dir dir;
  const auto placeholders = pkg_config(dir, R"("app_id": ")" + pkg_bot_id + R"(", "app_password": {"env": "X_NOT_SET"},
      "tenant_id": "72f988bf-86f1-41af-91ab-2d7cd011db47")");
  auto warned = run_process({binary(), "check-config", "--config", placeholders.string()}, "");
  INFO(warned.out << warned.err);
  CHECK(warned.exit_code == 0);
  CHECK(contains(warned.out, "adapters.teams.package.developer.privacy_url"));

  const auto too_long = pkg_config(dir, R"("app_id": ")" + pkg_bot_id + R"(", "app_password": {"env": "X_NOT_SET"},
      "tenant_id": "72f988bf-86f1-41af-91ab-2d7cd011db47",
      "package": {"short_name": "Kauri School Library Commons Bot"})");
  auto refused = run_process({binary(), "check-config", "--config", too_long.string()}, "");
  INFO(refused.out << refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.out, "name.short"));
}
