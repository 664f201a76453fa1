// A current-awareness digest reaches a Teams teacher proactively, through the real binary:
// Sam signs up for a science, Year 5 digest in his personal chat (so the bot also learns his
// service URL), the server stops, the library's new resources are imported and
// `commonsbot digest run` queues his digest; when the server starts again the outbox opens
// his 1:1 through the Bot Connector and sends it there, with the app's token. Only what
// matches him is in it, and running the digest again sends nothing he already had.
#include "teams_server.hpp"

using namespace commonsbot;
using namespace commonsbot::test;
using namespace commonsbot::test::teams_e2e;

namespace {

constexpr const char* teams_digest_match = "Tephra Layers of the Central Plateau";
constexpr const char* teams_digest_match_later = "Lahar Warning Systems Explained";
constexpr const char* teams_digest_maths = "Calculus Bridging Workbook";      // another learning area
constexpr const char* teams_digest_seniors = "NCEA Chemistry Revision Guide";  // science, but Years 12-13

// Writes `resources` (JSON objects) as an import file and imports it with the real binary.
void teams_digest_import(teams_server& s, const std::string& name, const json& resources) {
  const auto file = s.dir / name;
  std::ofstream(file) << resources.dump();
  auto imported = run_process({binary(), "import", "resources", file.string(), "--config", s.config.string()}, "");
  INFO(imported.out << imported.err);
  REQUIRE(imported.exit_code == 0);
}

json teams_digest_resource(const std::string& title, const std::string& slug, const std::string& area,
                           const std::vector<int>& years, const std::string& keyword) {
  return {{"title", title},
          {"link", "https://library.example.nz/" + slug},
          {"description", title + ", new in the school library."},
          {"learning_areas", json::array({area})},
          {"year_levels", years},
          {"format", "book"},
          {"keywords", json::array({keyword})}};
}

run_result teams_digest_run(const teams_server& s) {
  return run_process({binary(), "digest", "run", "--config", s.config.string()}, "");
}

// Connector calls that sent an activity to a conversation the bot created (Sam's 1:1).
std::vector<recorded_request> teams_digest_dm_sends(const fake_microsoft& ms) {
  std::vector<recorded_request> out;
  for (auto& r : ms.connector_calls())
    if (r.method == "POST" && r.target.find("/v3/conversations/a%3Ait-dm-") != std::string::npos)
      out.push_back(std::move(r));
  return out;
}

std::size_t teams_digest_count(const std::vector<recorded_request>& calls, const std::string& needle) {
  std::size_t n = 0;
  for (const auto& r : calls) n += r.body.find(needle) != std::string::npos;
  return n;
}

}  // namespace

TEST_CASE("teams e2e: a digest reaches a teacher proactively in a 1:1, with only his matches, once",
          "[integration][teams][digest]") {
  teams_server s;
  // Sam signs up in his personal chat: science, Year 5, following volcanoes, weekly.
  for (const char* line : {"library subscribe", "science", "5", "volcanoes", "weekly", "Monday", "8am", "yes"})
    REQUIRE(s.send(s.message(line)).status == 200);
  INFO(s.log());
  REQUIRE(s.wait_for_sent("signed up"));
  const std::size_t calls_before = s.ms.connector_calls().size();

  // Offline: the library's new resources go in, and the digest is run now.
  s.stop_and_open().reset();
  teams_digest_import(
      s, "new.json",
      json::array({teams_digest_resource(teams_digest_match, "tephra", "Science", {5, 6}, "volcanoes"),
                   teams_digest_resource(teams_digest_maths, "calculus", "Mathematics and Statistics", {12}, "calculus"),
                   teams_digest_resource(teams_digest_seniors, "chemistry", "Science", {12, 13}, "volcanoes")}));
  const auto first = teams_digest_run(s);
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("sent 1 digest (") != std::string::npos);

  // Back up: the outbox opens Sam's 1:1 and sends the digest there.
  s.start();
  REQUIRE(eventually([&] { return teams_digest_dm_sends(s.ms).size() == 1; }));
  CHECK(s.ms.connector_calls().size() == calls_before + 2);  // the 1:1 created, then the digest
  REQUIRE(s.ms.created_conversations().size() == 1);
  const auto create = [&] {
    for (const auto& r : s.ms.connector_calls())
      if (r.method == "POST" && r.target.ends_with("/v3/conversations")) return r;
    return recorded_request{};
  }();
  const json created = json::parse(create.body);
  CHECK(created["members"][0]["id"] == teams_sam);
  CHECK(created["channelData"]["tenant"]["id"] == fake_microsoft::tenant);
  CHECK(create.header("Authorization") == "Bearer " + s.ms.access_token());

  const auto digest = teams_digest_dm_sends(s.ms).front();
  INFO(digest.body);
  std::string dm = s.ms.created_conversations().front();  // "a:it-dm-1", as a path segment
  dm.replace(dm.find(':'), 1, "%3A");
  CHECK(digest.target.ends_with("/v3/conversations/" + dm + "/activities"));
  CHECK(digest.header("Authorization") == "Bearer " + s.ms.access_token());
  CHECK(digest.body.find(teams_digest_match) != std::string::npos);
  CHECK(digest.body.find("Kia ora") != std::string::npos);
  CHECK(digest.body.find(teams_digest_maths) == std::string::npos);
  CHECK(digest.body.find(teams_digest_seniors) == std::string::npos);
  CHECK(json::parse(digest.body).value("type", "") == "message");
  // The card lists the match as a numbered item ("N\. Title" in the card's markdown), with its link.
  const std::string card = teams_card_of(digest).dump();
  CHECK(card.find(std::string("\\\\. ") + teams_digest_match) != std::string::npos);
  CHECK(card.find("https://library.example.nz/tephra") != std::string::npos);

  // Again with nothing new: no digest.
  s.stop_and_open().reset();
  const auto again = teams_digest_run(s);
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("sent 0 digests (0 items); 1 with nothing new") != std::string::npos);

  // One more matching resource: the next digest carries it, and not what Sam already had.
  teams_digest_import(
      s, "later.json",
      json::array({teams_digest_resource(teams_digest_match_later, "lahar", "Science", {5}, "volcanoes")}));
  const auto later = teams_digest_run(s);
  INFO(later.out << later.err);
  REQUIRE(later.exit_code == 0);
  CHECK(later.out.find("sent 1 digest (1 item)") != std::string::npos);

  s.start();
  REQUIRE(eventually([&] { return teams_digest_dm_sends(s.ms).size() == 2; }));
  // Sam says hello: anything else queued for him would have gone before its answer.
  REQUIRE(s.send(s.message("library help")).status == 200);
  REQUIRE(s.wait_for_sent("what you can do"));
  const auto sends = teams_digest_dm_sends(s.ms);
  CHECK(sends.size() == 2);
  CHECK(s.ms.created_conversations().size() == 1);  // the remembered 1:1, not a new one
  CHECK(teams_digest_count(sends, teams_digest_match) == 1);
  CHECK(teams_digest_count(sends, teams_digest_match_later) == 1);
  CHECK(sends.back().body.find(teams_digest_match_later) != std::string::npos);
  CHECK(sends.back().header("Authorization") == "Bearer " + s.ms.access_token());
}
