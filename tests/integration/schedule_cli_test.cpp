// `commonsbot schedule list|next|run-now` on a real data directory.
#include "core/conversation_ref.hpp"
#include "core/message.hpp"
#include "schedule/scheduler.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

// Two jobs: a "message" job (posts through the outbox) and a "nudge" job, which needs the
// config's templates and settings to fire.
void seed_schedule(const std::filesystem::path& dir) {
  store::options opts;
  opts.dir = dir.string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  core::system_clock clock;
  schedule::scheduler s(*opened.store, clock, [](const schedule::fire&) { return store::transaction{}; });
  schedule::job j;
  j.id = "staff-meeting";
  j.tenant = "T1";
  j.kind = "message";
  j.rule.weekdays = {2};
  j.rule.hour = 15;
  j.rule.minute = 30;
  j.rule.zone = "Pacific/Auckland";
  core::message m;
  m.text = "Staff meeting at 15:30: bring your unit plans.";
  j.payload = {{"to", core::conversation_ref{"slack", "T1", "C1", "U1"}}, {"message", m}};
  REQUIRE(s.put(j));
  j.id = "dept";
  j.kind = "nudge";
  j.rule.weekdays = {4};
  j.rule.zone = "Europe/London";
  REQUIRE(s.put(j));
  REQUIRE(opened.store->close());
}

run_result run(const std::filesystem::path& data, const std::string& command, std::vector<std::string> args) {
  std::vector<std::string> argv{binary(), command, "--data", data.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, "");
}

}  // namespace

TEST_CASE("schedule list and next show jobs and their coming fires in local time", "[integration][schedule]") {
  temp_dir dir;
  const auto data = dir / "data";
  seed_schedule(data);
  auto list = run(data, "schedule", {"list"});
  INFO(list.err);
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("2 jobs") != std::string::npos);
  CHECK(list.out.find("T1/staff-meeting  kind=message") != std::string::npos);
  CHECK(list.out.find("T15:30 Pacific/Auckland") != std::string::npos);
  auto next = run(data, "schedule", {"next", "--count", "3"});
  CHECK(next.exit_code == 0);
  CHECK(std::count(next.out.begin(), next.out.end(), '\n') == 3);
  CHECK(next.out.find("T1/dept") != std::string::npos);
}

TEST_CASE("schedule run-now puts the job's message in the outbox and records the fire", "[integration][schedule]") {
  temp_dir dir;
  const auto data = dir / "data";
  seed_schedule(data);
  auto fired = run(data, "schedule", {"run-now", "T1/staff-meeting"});
  INFO(fired.err);
  CHECK(fired.exit_code == 0);
  CHECK(fired.out.find("fired staff-meeting@") != std::string::npos);
  auto outbox = run(data, "outbox", {"list"});
  CHECK(outbox.out.find("1 queued") != std::string::npos);
  CHECK(outbox.out.find("slack:T1:C1") != std::string::npos);
  auto list = run(data, "schedule", {"list"});
  CHECK(list.out.find("!now") != std::string::npos);

  auto nudge = run(data, "schedule", {"run-now", "T1/dept"});
  CHECK(nudge.exit_code == 1);
  // Without a readable config there are no words or school settings to build a nudge from.
  CHECK(nudge.err.find("run this with --config") != std::string::npos);
  auto missing = run(data, "schedule", {"run-now", "T1/nope"});
  CHECK(missing.exit_code == 1);
  CHECK(run(data, "outbox", {"list"}).out.find("1 queued") != std::string::npos);
}

TEST_CASE("serve derives a configured meeting's nudge job, run-now sends the nudge to the console",
          "[integration][schedule]") {
  temp_dir dir;
  const auto config = write_test_config(
      dir, "",
      R"(, "time_zone": "Pacific/Auckland",
          "meetings": [{"id": "m-syndicate", "name": "Years 5-6 syndicate", "kind": "syndicate",
                        "attendees": ["console:aroha"], "every": "weekly", "weekdays": ["tue"],
                        "time": "08:15", "terms_only": false}])");
  // Aroha has talked to the bot, so it knows how to reach her.
  auto hello = chat(config, "Aroha", "library_staff", "/library help\n");
  INFO(hello.err);
  REQUIRE(hello.exit_code == 0);

  {
    child_process server({binary(), "serve", "--config", config.string(), "--port", "0", "--port-file",
                          (dir / "port").string()},
                         dir / "server.log");
    REQUIRE(wait_for_port_file(dir / "port") != 0);
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
  }
  const auto log = read_file(dir / "server.log");
  INFO(log);
  CHECK(log.find("schedule.derived tenant=console meetings=1") != std::string::npos);

  const auto data = dir / "data";
  auto list = run(data, "schedule", {"list"});
  CHECK(list.out.find("console/nudge-m-syndicate-0  kind=nudge") != std::string::npos);
  CHECK(list.out.find("T15:00 Pacific/Auckland") != std::string::npos);  // the day before, 3pm

  auto fired = run_process({binary(), "schedule", "--config", config.string(), "run-now", "console/nudge-m-syndicate-0"}, "");
  INFO(fired.err);
  CHECK(fired.exit_code == 0);
  CHECK(fired.out.find("fired nudge-m-syndicate-0@") != std::string::npos);

  auto away = chat(config, "Aroha", "/library help\n");
  CHECK(away.out.find("Years 5-6 syndicate") != std::string::npos);
}
