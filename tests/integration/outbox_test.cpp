// `commonsbot outbox list|retry|drop` on a real data directory, the lock refusal while a
// server runs, and the token-protected stats listener.
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <csignal>
#include <fstream>

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

struct seeded {
  delivery::outbox_entry queued;
  delivery::outbox_entry dead;
};

// Two committed entries: one queued, one dead-lettered.
seeded seed_outbox(const std::filesystem::path& dir) {
  store::options opts;
  opts.dir = dir.string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  store::transaction txn;
  core::conversation_ref to{"slack", "T1", "C1", "U1", "", "", ""};
  core::message m;
  m.text = "hello";
  seeded s;
  s.queued = delivery::enqueue(txn, to, m, 1'000);
  store::transaction dead_txn;
  s.dead = delivery::enqueue(dead_txn, to, m, 2'000);
  s.dead.attempts = 1;
  txn.put(std::string(delivery::dead_letters_collection), s.dead.key(),
          delivery::dead_letter{s.dead, "channel_not_found", 3'000});
  REQUIRE(opened.store->commit(std::move(txn)));
  REQUIRE(opened.store->close());
  return s;
}

run_result outbox(const std::filesystem::path& data, std::vector<std::string> args) {
  std::vector<std::string> argv{binary(), "outbox", "--data", data.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, "");
}

}  // namespace

TEST_CASE("outbox list shows queued entries and dead letters with reasons", "[integration][outbox]") {
  temp_dir dir;
  const auto data = dir / "data";
  const auto s = seed_outbox(data);
  auto list = outbox(data, {"list"});
  INFO(list.err);
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("1 queued") != std::string::npos);
  CHECK(list.out.find(s.queued.key()) != std::string::npos);
  CHECK(list.out.find("slack:T1:C1") != std::string::npos);
  auto dead = outbox(data, {"list", "--dead"});
  CHECK(dead.exit_code == 0);
  CHECK(dead.out.find(s.dead.key()) != std::string::npos);
  CHECK(dead.out.find("reason=\"channel_not_found\"") != std::string::npos);
}

TEST_CASE("outbox retry revives a dead letter, drop removes an entry", "[integration][outbox]") {
  temp_dir dir;
  const auto data = dir / "data";
  const auto s = seed_outbox(data);
  auto retry = outbox(data, {"retry", s.dead.key()});
  INFO(retry.err);
  CHECK(retry.exit_code == 0);
  auto drop = outbox(data, {"drop", s.queued.key()});
  CHECK(drop.exit_code == 0);
  auto missing = outbox(data, {"drop", "T1/nope"});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no entry T1/nope") != std::string::npos);
  auto usage = outbox(data, {"retry"});
  CHECK(usage.exit_code == 2);

  store::options opts;
  opts.dir = data.string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  CHECK(opened.store->count(delivery::dead_letters_collection) == 0);
  CHECK_FALSE(opened.store->get(core::collections::outbox, s.queued.key()));
  auto revived = opened.store->get(core::collections::outbox, s.dead.key());
  REQUIRE(revived);
  CHECK(revived->get<delivery::outbox_entry>().attempts == 0);
  CHECK(revived->get<delivery::outbox_entry>().idempotency_key == s.dead.idempotency_key);
}

TEST_CASE("outbox commands refuse clearly while a server holds the data directory, stats need the token",
          "[integration][outbox]") {
  temp_dir dir;
  ::setenv("COMMONSBOT_TEST_ADMIN_TOKEN", "s3cret-token", 1);
  const auto config = write_test_config(dir);
  // Add the admin listener on a free port.
  auto j = nlohmann::json::parse(read_file(config));
  j["admin"] = {{"address", "127.0.0.1"}, {"port", 0}, {"token", {{"env", "COMMONSBOT_TEST_ADMIN_TOKEN"}}}};
  std::ofstream(config) << j.dump();
  child_process server({binary(), "serve", "--config", config.string(), "--port", "0", "--port-file", (dir / "port").string()},
                       dir / "server.log");
  REQUIRE(wait_for_port_file(dir / "port") != 0);

  auto busy = run_process({binary(), "outbox", "--config", config.string(), "list"}, "");
  CHECK(busy.exit_code == 1);
  CHECK(busy.err.find("in use by a running commonsbot") != std::string::npos);

  // The admin port is in the log line admin.listening.
  const auto log = read_file(dir / "server.log");
  const auto at = log.find("admin.listening");
  REQUIRE(at != std::string::npos);
  const auto p = log.find("port=", at);
  const auto port = static_cast<std::uint16_t>(std::stoi(log.substr(p + 5)));
  CHECK(get(port, "/stats").status == 401);
  CHECK(get(port, "/stats", {{"Authorization", "Bearer wrong-token!"}}).status == 401);
  auto stats = get(port, "/stats", {{"Authorization", "Bearer s3cret-token"}});
  REQUIRE(stats.status == 200);
  const auto body = nlohmann::json::parse(stats.body);
  CHECK(body["delivery"]["sent"] == 0);
  CHECK(body["outbox"] == 0);
  CHECK(log.find("s3cret-token") == std::string::npos);

  server.signal(SIGTERM);
  CHECK(server.wait() == 0);
}
