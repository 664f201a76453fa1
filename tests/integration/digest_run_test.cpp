// `commonsbot digest run` end to end: --dry-run shows who would get how many items and
// changes nothing; a run queues one digest per subscribed teacher with something new and
// moves their watermarks; a second run sends nothing; an unknown school is refused with the
// list of schools; --help speaks plainly.
#include "catalogue/catalogue.hpp"
#include "core/conversation_ref.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "digest/profile.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using namespace commonsbot;
using namespace commonsbot::test;

namespace {

std::unique_ptr<store::store> open(const std::filesystem::path& data) {
  store::options opts;
  opts.dir = data.string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  return std::move(opened.store);
}

// Ana (science, subscribed), Ben (maths, subscribed, nothing new for him), Cat (unsubscribed).
void seed_digest(const std::filesystem::path& data) {
  auto db = open(data);
  store::transaction txn;
  catalogue::resource r;
  r.title = "Rock cycle poster";
  r.link = "https://lib.example.nz/rock";
  r.learning_areas = {"Science"};
  r.year_levels = {5};
  r.added = "2026-11-20";
  catalogue::normalise(r);
  catalogue::stage_upsert(txn, "T1", r);
  for (const auto& [id, area, subscribed] : std::vector<std::tuple<std::string, std::string, bool>>{
           {"ana", "science", true}, {"ben", "maths", true}, {"cat", "science", false}}) {
    core::person p;
    p.tenant = "T1";
    p.platform = "console";
    p.user_id = id;
    p.display_name = id;
    p.direct = core::conversation_ref("console", "T1", "dm-" + id, id);
    txn.put(std::string(core::collections::people), core::tenant_key("T1", p.key()), nlohmann::json(p));
    auto prof = digest::new_profile("T1", p.key(), {area}, {"5"});
    prof.subscribed = subscribed;
    txn.put(std::string(digest::profiles_collection), digest::profile_key("T1", p.key()), nlohmann::json(prof));
    digest::sent_state sent;
    sent.last_sent_added = "2026-11-01";
    txn.put(std::string(digest::sent_collection), digest::profile_key("T1", p.key()), nlohmann::json(sent));
  }
  REQUIRE(db->commit(std::move(txn)));
  REQUIRE(db->close());
}

run_result digest_run(const std::filesystem::path& config, std::vector<std::string> args) {
  std::vector<std::string> argv{binary(), "digest", "run", "--config", config.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, "");
}

}  // namespace

TEST_CASE("digest run: dry run, run, re-run, unknown school", "[integration][digest]") {
  temp_dir dir;
  const auto config = dir / "c.json";
  std::ofstream(config) << R"({"store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "tenants": [{"id": "T1", "time_zone": "Pacific/Auckland"}]})";
  seed_digest(dir / "data");

  const auto dry = digest_run(config, {"--dry-run"});
  INFO(dry.out << dry.err);
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("T1/console:ana: 1 item\n") != std::string::npos);
  CHECK(dry.out.find("console:ben") == std::string::npos);
  CHECK(dry.out.find("would send 1 digest (1 item); 1 with nothing new; 1 skipped") != std::string::npos);
  {
    auto db = open(dir / "data");
    CHECK(db->count(core::collections::outbox) == 0);
    REQUIRE(db->close());
  }

  const auto sent = digest_run(config, {});
  INFO(sent.out << sent.err);
  CHECK(sent.exit_code == 0);
  CHECK(sent.out.find("sent 1 digest (1 item); 1 with nothing new; 1 skipped") != std::string::npos);
  {
    auto db = open(dir / "data");
    const auto outbox = db->scan(core::collections::outbox, "T1/");
    REQUIRE(outbox.size() == 1);
    CHECK(outbox[0].second.dump().find("dm-ana") != std::string::npos);
    CHECK(outbox[0].second.dump().find("Rock cycle poster") != std::string::npos);
    const auto ana = digest::read_sent(*db->get(digest::sent_collection, "T1/console:ana"));
    REQUIRE(ana);
    CHECK(ana->last_sent_added == "2026-11-20");
    CHECK(ana->digests == 1);
    REQUIRE(db->close());
  }

  const auto again = digest_run(config, {"--tenant", "T1"});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("sent 0 digests (0 items); 2 with nothing new; 1 skipped") != std::string::npos);

  const auto unknown = digest_run(config, {"--tenant", "T9"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no school \"T9\"") != std::string::npos);
  CHECK(unknown.err.find("Schools: T1") != std::string::npos);

  const auto help = run_process({binary(), "digest", "run", "--help"}, "");
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("running it again is safe") != std::string::npos);
}
