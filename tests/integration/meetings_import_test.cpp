// `commonsbot meetings import FILE|URL` on a real data directory: a dry run, an import, a
// re-import that changes nothing, one that changes and removes, a link served over HTTP, and
// the refusals (no such file, not a calendar, unknown zone, server running).
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/fake_platform.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>
#include <fstream>

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

// Events next year, so they are always inside the horizon (--days 800).
int next_year() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900 + 1;
}

std::string calendar(bool second_version) {
  const auto y = std::to_string(next_year());
  std::string text =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
      "BEGIN:VEVENT\r\nUID:syndicate@test\r\nSUMMARY:Years 5-6 syndicate\r\n"
      "DTSTART;TZID=Pacific/Auckland:" + y + "0302T" + (second_version ? "0830" : "0815") + "00\r\n"
      "DURATION:PT45M\r\nRRULE:FREQ=DAILY;COUNT=5\r\nEXDATE;TZID=Pacific/Auckland:" + y + "0304T" +
      (second_version ? "0830" : "0815") + "00\r\nLOCATION:Room 12\r\nEND:VEVENT\r\n";
  if (!second_version)
    text += "BEGIN:VEVENT\r\nUID:staff@test\r\nSUMMARY:Staff meeting\r\nDTSTART;TZID=Pacific/Auckland:" + y +
            "0305T153000\r\nDTEND;TZID=Pacific/Auckland:" + y + "0305T163000\r\nEND:VEVENT\r\n";
  text += "BEGIN:VEVENT\r\nUID:bad@test\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  return text;
}

void write(const std::filesystem::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

run_result import(const std::filesystem::path& config, std::vector<std::string> args) {
  std::vector<std::string> argv{binary(), "meetings", "import"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--config");
  argv.push_back(config.string());
  return run_process(argv, "");
}

std::vector<nlohmann::json> stored_meetings(const std::filesystem::path& data) {
  store::options opts;
  opts.dir = data.string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  std::vector<nlohmann::json> out;
  for (auto& [key, value] : opened.store->scan("meetings", "console/")) out.push_back(value);
  REQUIRE(opened.store->close());
  return out;
}

}  // namespace

TEST_CASE("meetings import: dry run, import, re-import unchanged, then changed and removed",
          "[integration][meetings]") {
  temp_dir dir;
  const auto config = write_test_config(dir, "", R"(, "time_zone": "Pacific/Auckland")");
  const auto file = dir / "staff.ics";
  write(file, calendar(false));

  auto dry = import(config, {file.string(), "--days", "800", "--dry-run"});
  INFO(dry.out << dry.err);
  CHECK(dry.exit_code == 0);
  CHECK(contains(dry.out, "2 meetings in the next 800 days"));
  CHECK(contains(dry.out, "new      ics-"));
  CHECK(contains(dry.out, "Years 5-6 syndicate  (4 times from "));
  CHECK(contains(dry.out, "would be 2 added, 0 changed, 0 removed, 0 unchanged; nothing was changed"));
  CHECK(contains(dry.err, "warning: event bad@test (No start): it has no start time"));
  CHECK(stored_meetings(dir / "data").empty());

  auto first = import(config, {file.string(), "--days", "800"});
  INFO(first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(contains(first.out, "imported for console: 2 added, 0 changed, 0 removed, 0 unchanged"));
  CHECK(contains(first.out, "Start (or restart) the server"));
  auto stored = stored_meetings(dir / "data");
  REQUIRE(stored.size() == 2);
  for (const auto& m : stored) {
    CHECK(m["source"] == file.string());
    CHECK(m["when"]["zone"] == "Pacific/Auckland");
  }

  auto again = import(config, {file.string(), "--days", "800"});
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "0 added, 0 changed, 0 removed, 2 unchanged"));
  CHECK(contains(again.out, "same     ics-"));

  write(file, calendar(true));
  auto changed = import(config, {file.string(), "--days", "800"});
  INFO(changed.out << changed.err);
  CHECK(changed.exit_code == 0);
  CHECK(contains(changed.out, "changed  ics-"));
  CHECK(contains(changed.out, "removed  ics-"));
  CHECK(contains(changed.out, "Staff meeting  (no longer in the calendar)"));
  CHECK(contains(changed.out, "0 added, 1 changed, 1 removed, 0 unchanged"));
  stored = stored_meetings(dir / "data");
  REQUIRE(stored.size() == 1);
  CHECK(stored[0]["name"] == "Years 5-6 syndicate");
}

TEST_CASE("meetings import reads a calendar link over HTTP", "[integration][meetings]") {
  temp_dir dir;
  const auto config = write_test_config(dir);
  fake_platform site;
  site.on("/staff.ics", fake_response::ok(calendar(false)));
  auto r = import(config, {site.url("/staff.ics"), "--days", "800", "--tenant", "console"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "imported for console: 2 added"));
  CHECK(stored_meetings(dir / "data").size() == 2);
}

TEST_CASE("meetings import refuses what it cannot use, and changes nothing", "[integration][meetings]") {
  temp_dir dir;
  const auto config = write_test_config(dir);

  auto missing = import(config, {(dir / "nope.ics").string()});
  CHECK(missing.exit_code == 1);
  CHECK(contains(missing.err, "there is no such file"));
  CHECK(contains(missing.err, "Nothing was changed"));

  const auto page = dir / "page.ics";
  write(page, "<html><body>Sign in</body></html>");
  auto html = import(config, {page.string()});
  CHECK(html.exit_code == 1);
  CHECK(contains(html.err, "not an iCalendar"));

  const auto file = dir / "staff.ics";
  write(file, calendar(false));
  auto zone = import(config, {file.string(), "--zone", "NZST"});
  CHECK(zone.exit_code == 2);
  CHECK(contains(zone.err, "IANA name such as Pacific/Auckland"));

  auto school = import(config, {file.string(), "--tenant", "elsewhere"});
  CHECK(school.exit_code == 2);
  CHECK(contains(school.err, "no school \"elsewhere\""));

  {
    // A running server holds the data directory.
    store::options opts;
    opts.dir = (dir / "data").string();
    auto held = store::json_file_store::open(opts);
    REQUIRE(held.st);
    auto locked = import(config, {file.string(), "--days", "800"});
    CHECK(locked.exit_code == 1);
    CHECK(contains(locked.err, "is in use by a running commonsbot"));
    CHECK(contains(locked.err, "stop the server"));
    REQUIRE(held.store->close());
  }
  CHECK(stored_meetings(dir / "data").empty());
}

TEST_CASE("meetings import --help explains where the link comes from", "[integration][meetings]") {
  auto help = run_process({binary(), "meetings", "import", "--help"}, "");
  CHECK(help.exit_code == 0);
  CHECK(contains(help.out, "Secret address in iCal format"));
  CHECK(contains(help.out, "--dry-run"));
  CHECK(contains(help.out, "stop the server first"));
}
