// The real binary with the Teams adapter enabled, talking to a fake Microsoft (keys, token
// endpoint, Bot Connector) on loopback; shared by the teams_*_test.cpp files. The folder is
// one unity-build unit, so everything here lives in its own namespace.
#pragma once

#include "core/keys.hpp"
#include "store/json_file_store.hpp"
#include "support/console_session.hpp"
#include "support/eventually.hpp"
#include "support/fake_microsoft.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace commonsbot::test::teams_e2e {

using nlohmann::json;

// The people in the fixtures: Sam teaches; Aroha is library staff (the config's seed roles).
inline constexpr const char* teams_sam = "29:1sAmTeacherOpaqueId-abcdefghij0123456789";
inline constexpr const char* teams_aroha = "29:1aRoHaLibraryOpaqueId-klmnopqrst987654321";
inline constexpr const char* teams_aroha_dm = "a:1ArOhAPersonalChat0123456789";
inline constexpr const char* teams_messages = "/api/messages";

struct teams_server_options {
  bool keys_down_at_start = false;  // the metadata host answers 500 before the server starts
  bool wait_for_keys = true;        // the constructor waits until a signed request is served
  std::string tenant_extra;         // more members of the tenant's config object, e.g. meetings
};

struct teams_server {
  explicit teams_server(teams_server_options o = {}) : options(std::move(o)) {
    ::setenv("CB_TEST_TEAMS_APP_PASSWORD", fake_microsoft::app_password, 1);
    if (options.keys_down_at_start) ms.keys_down(true);
    config = dir / "commonsbot.json";
    write_config();
    start();
    if (options.wait_for_keys) {
      // The keys load on the adapter's own thread: ready once an ignored activity gets 200.
      const json reaction = ms.activity("message_reaction.json");
      REQUIRE(eventually([&] { return send(reaction).status == 200; }));
    }
  }

  void write_config() {
    std::ofstream(config) << R"({
      "server": {"address": "127.0.0.1", "port": 0, "threads": 2},
      "store": {"dir": ")" << (dir / "data").string() << R"("},
      "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
      "tenants": [{"id": ")" << fake_microsoft::tenant << R"(", "roles": {")" << teams_aroha << R"(": "library_staff"})"
                     << (options.tenant_extra.empty() ? "" : ", " + options.tenant_extra) << R"(}],
      "adapters": {"teams": {
        "app_id": ")" << fake_microsoft::app_id << R"(",
        "app_password": {"env": "CB_TEST_TEAMS_APP_PASSWORD"},
        "tenant_id": ")" << fake_microsoft::tenant << R"(",
        "openid_metadata_url": ")" << ms.metadata_url() << R"(",
        "login_url": ")" << ms.login_url() << R"("}},
      "delivery": {"allow_plain_http": true, "retry": {"base_ms": 50, "max_ms": 200, "max_attempts": 3},
                   "limits": {"teams": {"conversation_per_second": 0}}}
    })";
  }

  void start() {
    std::filesystem::remove(dir / "port");
    process = std::make_unique<child_process>(
        std::vector<std::string>{binary(), "serve", "--config", config.string(), "--port-file", (dir / "port").string()},
        dir / "server.log");
    port = wait_for_port_file(dir / "port");
    INFO(read_file(dir / "server.log"));
    REQUIRE(port != 0);
  }

  // Posts `activity` with a valid token for it (or the headers given).
  http_result send(const json& activity) { return post(port, teams_messages, activity.dump(), ms.signed_headers(activity)); }
  http_result send(const json& activity, const header_list& headers) {
    return post(port, teams_messages, activity.dump(), headers);
  }

  // A message from Sam in his personal chat (or `fixture`), with a fresh activity id.
  json message(const std::string& text, const std::string& fixture = "message_personal.json") {
    json a = ms.activity(fixture);
    a["text"] = text;
    a["id"] = next_id();
    return a;
  }
  std::string next_id() { return "17327020" + std::to_string(10000 + ++ids); }

  // Connector calls whose body has `needle`, once there is one (or nullopt after 10 s).
  std::optional<recorded_request> wait_for_sent(const std::string& needle, std::size_t nth = 0) {
    std::optional<recorded_request> found;
    eventually([&] {
      std::size_t seen = 0;
      for (auto& r : ms.connector_calls())
        if (r.body.find(needle) != std::string::npos && seen++ == nth) {
          found = std::move(r);
          return true;
        }
      return false;
    });
    return found;
  }

  // Stops the server (SIGTERM) and opens its store, to look at what it kept.
  std::unique_ptr<store::store> stop_and_open() {
    process->signal(SIGTERM);
    CHECK(process->wait() == 0);
    return open_store();
  }
  std::unique_ptr<store::store> open_store() {
    store::options opts;
    opts.dir = (dir / "data").string();
    auto opened = store::json_file_store::open(opts);
    REQUIRE(opened.st);
    return std::move(opened.store);
  }
  std::string log() const { return read_file(dir / "server.log"); }

  teams_server_options options;
  fake_microsoft ms;
  temp_dir dir;
  std::filesystem::path config;
  std::unique_ptr<child_process> process;
  std::uint16_t port = 0;
  int ids = 0;
};

inline std::string teams_error_of(const http_result& r) {
  const auto body = json::parse(r.body, nullptr, false);
  return body.is_object() ? body.value("error", std::string()) : std::string();
}

// The card an activity sent to the Connector carries (its first attachment's content).
inline json teams_card_of(const recorded_request& r) {
  const json a = json::parse(r.body);
  if (!a.contains("attachments") || a["attachments"].empty()) return json();
  return a["attachments"][0]["content"];
}

// Every action of `card` (top level and inside containers), depth first.
inline void teams_each_action(const json& j, const std::function<void(const json&)>& f) {
  if (j.is_object()) {
    if (j.contains("type") && j["type"].is_string() && j["type"].get<std::string>().rfind("Action.", 0) == 0) f(j);
    for (const auto& [k, v] : j.items()) teams_each_action(v, f);
  } else if (j.is_array()) {
    for (const auto& v : j) teams_each_action(v, f);
  }
}

}  // namespace commonsbot::test::teams_e2e
