// `commonsbot digest run` over 2,000 subscribed teachers, killed with SIGKILL after its first
// saved batch, then run again on the same data: every teacher's digest is in the outbox
// exactly once (counted per person: a double send would make two entries), every watermark
// (in "digest_sent") has moved, and a third run sends nothing.
#include "core/conversation_ref.hpp"
#include "core/keys.hpp"
#include "core/person.hpp"
#include "catalogue/catalogue.hpp"
#include "delivery/outbox_entry.hpp"
#include "digest/profile.hpp"
#include "process.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>

using namespace commonsbot;

namespace {

constexpr const char* tenant = "T0SCHOOL1";
constexpr int teachers = 2000;

std::unique_ptr<store::store> open(const std::filesystem::path& data) {
  store::options opts;
  opts.dir = data.string();
  auto opened = store::json_file_store::open(opts);
  REQUIRE(opened.st);
  return std::move(opened.store);
}

std::string user(int i) { return "U" + std::to_string(100000 + i); }

// 2,000 teachers subscribed to science (half) or maths, with Slack DMs, and 12 new resources.
void seed(const std::filesystem::path& data) {
  auto db = open(data);
  store::transaction txn;
  for (int i = 0; i < 12; ++i) {
    catalogue::resource r;
    r.title = "New resource " + std::to_string(i);
    r.link = "https://library.example.nz/new/" + std::to_string(i);
    r.learning_areas = {i % 2 ? "Science" : "Mathematics and Statistics"};
    r.year_levels = {5, 6};
    r.added = "2026-11-" + std::to_string(10 + i);
    r.format = "website";
    catalogue::normalise(r);
    catalogue::stage_upsert(txn, tenant, r);
  }
  for (int i = 0; i < teachers; ++i) {
    core::person p;
    p.tenant = tenant;
    p.platform = "slack";
    p.user_id = user(i);
    p.display_name = "Teacher " + std::to_string(i);
    p.role = core::role::teacher;
    p.direct = core::conversation_ref("slack", tenant, "D" + user(i), user(i));
    txn.put(std::string(core::collections::people), core::tenant_key(tenant, p.key()), nlohmann::json(p));
    auto prof = digest::new_profile(tenant, p.key(), {i % 2 ? "science" : "maths"}, {"Year 5"});
    prof.subscribed = true;
    txn.put(std::string(digest::profiles_collection), digest::profile_key(tenant, p.key()), nlohmann::json(prof));
    digest::sent_state sent;
    sent.last_sent_added = "2026-11-01";  // the shipped sample items are older: only the 12 count
    txn.put(std::string(digest::sent_collection), digest::profile_key(tenant, p.key()), nlohmann::json(sent));
  }
  REQUIRE(db->commit(std::move(txn)));
  REQUIRE(db->close());
}

std::filesystem::path write_config(const test::temp_dir& dir) {
  const auto config = dir / "commonsbot.json";
  std::ofstream(config) << R"({
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "tenants": [{"id": ")" << tenant << R"(", "time_zone": "Pacific/Auckland"}]
  })";
  return config;
}

std::vector<std::string> run_args(const std::filesystem::path& config) {
  return {test::binary(), "digest", "run", "--config", config.string(), "--batch", "50"};
}

}  // namespace

TEST_CASE("digest run killed -9 mid-run and run again sends every digest exactly once", "[crash][digest]") {
  test::temp_dir dir;
  const auto config = write_config(dir);
  seed(dir / "data");

  bool interrupted = false;
  std::string before_kill;  // the first run's last progress line
  {
    store::test::piped_process first(run_args(config));
    REQUIRE(first.wait_for_line("saved ", std::chrono::seconds(60)));
    first.kill9();
    interrupted = first.output().find("\nsent ") == std::string::npos && first.output().rfind("sent ", 0) != 0;
    const auto& out = first.output();
    const auto last = out.rfind("saved ");
    before_kill = out.substr(last, out.find('\n', last) - last);
  }
  {
    store::test::piped_process second(run_args(config));
    CHECK(second.wait() == 0);
    INFO(second.output());
    CHECK(second.output().find("sent ") != std::string::npos);
  }
  {
    store::test::piped_process third(run_args(config));
    CHECK(third.wait() == 0);
    CHECK(third.output().find("sent 0 digests") != std::string::npos);
  }

  auto db = open(dir / "data");
  std::map<std::string, int> per_person;
  for (const auto& [key, value] : db->scan(core::collections::outbox, core::tenant_prefix(tenant))) {
    const auto e = value.get<delivery::outbox_entry>();
    ++per_person[e.to.platform + ":" + e.to.user_id];
  }
  std::size_t doubled = 0, advanced = 0;
  for (const auto& [person, n] : per_person) doubled += n != 1;
  for (const auto& [key, value] : db->scan(digest::sent_collection, core::tenant_prefix(tenant))) {
    const auto s = digest::read_sent(value);
    REQUIRE(s);
    advanced += s->last_sent_ms > 0 && s->last_sent_added > "2026-11-01" && s->digests == 1;
  }
  WARN("first run killed after \"" << before_kill << "\"; interrupted mid-way: "
       << (interrupted ? "yes" : "no (it finished first)"));
  CHECK(interrupted);
  CHECK(per_person.size() == static_cast<std::size_t>(teachers));
  CHECK(doubled == 0);
  CHECK(advanced == static_cast<std::size_t>(teachers));
  REQUIRE(db->close());
}
