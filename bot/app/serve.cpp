#include "adapters/registry.hpp"
#include "adapters/sealed_records.hpp"
#include "adapters/slack/classify.hpp"
#include "adapters/slack/installations.hpp"
#include "adapters/slack/oauth_pages.hpp"
#include "adapters/slack/slack_adapter.hpp"
#include "adapters/slack/token_refresher.hpp"
#include "adapters/slack/zone_lookup.hpp"
#include "adapters/teams/classify.hpp"
#include "adapters/teams/teams_adapter.hpp"
#include "app/commands.hpp"
#include "app/platform_records.hpp"
#include "app/runtime.hpp"
#include "app/schedule_settings.hpp"
#include "core/file_clock.hpp"
#include "core/keys.hpp"
#include "delivery/outbox_entry.hpp"
#include "delivery/worker.hpp"
#include "fetch/fetch.hpp"
#include "http/fd_limit.hpp"
#include "http/server.hpp"
#include "log/log.hpp"
#include "pipeline/ingress.hpp"
#include "pipeline/tenant_orgs.hpp"
#include "workers/digest_feeds.hpp"
#include "workers/people_zones.hpp"
#include "workers/retention_sweeper.hpp"
#include "workers/schedule_fire.hpp"
#include "workers/schedule_loop.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>

#include <openssl/crypto.h>

#include <fstream>
#include <iostream>
#include <memory>

namespace commonsbot::app {
namespace {

// The admin listener is for an operator's occasional GET /stats; its few connections come out
// of http::limits::fd_reserve.
constexpr std::size_t admin_max_connections = 8;

void add_health_routes(http::router& routes, const runtime& rt, const http::server& server) {
  routes.add("GET", "/healthz", [](http::request, http::responder respond) {
    respond(http::response::json(200, R"({"status":"alive"})"));
  });
  // Not ready says why in one word; the store's own reason (which names files) is in its log.
  routes.add("GET", "/readyz", [&rt, &server](http::request, http::responder respond) {
    const auto h = rt.db->health();
    const bool running = server.running();
    const char* reason = !running ? "stopping" : !h.ok ? "store_failed" : server.at_capacity() ? "overloaded" : nullptr;
    nlohmann::json body = {{"status", reason ? "not_ready" : "ready"},
                           {"store", {{"ok", h.ok}, {"seq", rt.db->last_sequence()}}},
                           {"workers", running}};
    if (!reason) {
      respond(http::response::json(200, body.dump()));
      return;
    }
    body["reason"] = reason;
    auto res = http::response::json(503, body.dump());
    res.headers.emplace_back("Retry-After", "1");
    respond(std::move(res));
  });
}

// Raises the descriptor limit as far as it goes and keeps the connection cap below it, so that
// connections can never take the descriptors the store needs for its next journal segment.
void fit_connections_to_fd_limit(http::server_options& opt) {
  const auto fds = http::raise_fd_limit();
  const std::size_t configured = opt.max_connections;
  opt.max_connections = http::connection_cap(configured, fds.soft);
  if (!fds.error.empty())
    log::warn("server.fd_limit_not_raised").kv("soft", fds.soft).kv("hard", fds.hard).kv("error", fds.error);
  auto line = opt.max_connections < configured ? log::warn("server.connections") : log::info("server.connections");
  line.kv("max_connections", opt.max_connections)
      .kv("configured", configured)
      .kv("max_connections_per_address", opt.max_connections_per_address)
      .kv("max_requests_per_connection", opt.max_requests_per_connection)
      .kv("fd_soft_limit", fds.soft)
      .kv("fd_soft_limit_found", fds.found)
      .kv("fd_hard_limit", fds.hard);
}

// GET /stats on the admin listener: the delivery counters, behind a Bearer token compared in
// constant time.
void add_stats_route(http::router& routes, const runtime& rt, const delivery::worker& worker, const config::secret& token) {
  routes.add("GET", "/stats", [&rt, &worker, &token](http::request req, http::responder respond) {
    const std::string expected = "Bearer " + token.reveal();
    const auto given = req.header("Authorization");
    if (token.empty() || given.size() != expected.size() ||
        CRYPTO_memcmp(given.data(), expected.data(), expected.size()) != 0) {
      respond(http::response::json_error(401, "unauthorized", "send Authorization: Bearer <admin token>"));
      return;
    }
    const auto& st = worker.stats();
    nlohmann::json body = {{"delivery",
                            {{"sent", st.sent.load()},
                             {"retried", st.retried.load()},
                             {"failed", st.failed.load()},
                             {"queued", st.queued.load()},
                             {"in_flight", st.in_flight.load()}}},
                           {"outbox", rt.db->count(core::collections::outbox)},
                           {"dead_letters", rt.db->count(delivery::dead_letters_collection)}};
    respond(http::response::json(200, body.dump()));
  });
}

}  // namespace

int serve_command(const serve_flags& flags) {
  auto loaded = config::load_config(flags.config);
  print_problems(loaded.problems, std::cerr);
  if (!loaded.ok()) return 2;
  config::config cfg = loaded.cfg;
  if (flags.data_dir) cfg.data_dir = *flags.data_dir;
  if (flags.port) cfg.server.port = static_cast<std::uint16_t>(*flags.port);
  log::level level = log::level::info;
  log::parse_level(cfg.log_level, level);
  log::set_level(level);
  if (!cfg.log_file.empty()) log::set_output(cfg.log_file);
  fit_connections_to_fd_limit(cfg.server);  // before the store opens its files

  std::shared_ptr<const core::clock> clock;  // null: the system clock
  if (!flags.clock_file.empty()) {
    auto from_file = std::make_shared<core::file_clock>(flags.clock_file);
    if (!from_file->ok()) {
      std::cerr << "commonsbot serve: --clock-file " << flags.clock_file.string()
                << " must hold the time as milliseconds since 1970 (e.g. 1806580800000); "
                   "write it first, or leave the option out to use the system clock\n";
      return 2;
    }
    clock = std::move(from_file);
    cfg.delivery.max_wait_ms = 10;  // a test clock jumps: look at it as often as the scheduler does
    log::warn("clock.from_file").kv("file", flags.clock_file.string());
  }
  add_ics_holidays(cfg);  // before the runtime copies the calendars for nudge fires
  auto rt = open_runtime(cfg, std::cerr, clock);
  if (!rt) return 1;

  flows::problem_list problems;
  auto platforms = adapters::make_push_adapters(cfg.adapters, cfg.file.string(), problems);
  if (print_problems(problems, std::cerr) > 0) return 2;

  // One bucket per tenant across every platform's routes, checked before anything is stored;
  // declared before the server, whose handlers use it, so it outlives them.
  pipeline::tenant_rate_limit tenant_limit(
      *rt->clock, {.per_second = cfg.inbound.tenant_rate_per_second, .burst = cfg.inbound.tenant_rate_burst});
  http::router routes;
  http::server server(cfg.server, routes);
  add_health_routes(routes, *rt, server);
  for (const auto& platform : platforms) {
    pipeline::mount(routes, *platform, *rt->events, &tenant_limit);  // acknowledgements render on the HTTP threads (ingress.hpp)
    log::info("adapter.enabled").kv("platform", platform->platform());
  }

  // Multi-workspace Slack (OAuth v2): install pages, tokens per team from the stored
  // installations, and a refresher for rotating tokens (adapters/slack/oauth_pages.hpp).
  adapters::slack::slack_adapter* slack_multi = nullptr;
  for (const auto& platform : platforms)
    if (auto* slack = dynamic_cast<adapters::slack::slack_adapter*>(platform.get()); slack && slack->config().multi_workspace())
      slack_multi = slack;
  // Redirects' state commits and oauth.v2.access calls, off the server's threads; the install
  // page never waits here, and oauth_pages bounds the queue (oauth_queue_limit).
  boost::asio::thread_pool oauth_calls(1);
  // An org-wide installation covers only the workspaces seen in its org (pipeline/tenant_orgs).
  const adapters::slack::org_lookup slack_org = [&rt](const std::string& team) {
    return pipeline::org_of(*rt->db, "slack", team);
  };
  store_platform_records slack_store_records(*rt->db, "slack");
  // Installations' tokens are sealed at rest (adapters/sealed_records.hpp); records from
  // before sealing, or sealed under a previous key, are sealed anew before anything serves.
  std::unique_ptr<adapters::sealed_records> slack_sealed;
  if (slack_multi) {
    const auto& s = slack_multi->config();
    std::vector<std::string> previous;
    for (const auto& k : s.token_encryption_previous_keys) previous.push_back(k.reveal());
    slack_sealed = std::make_unique<adapters::sealed_records>(
        slack_store_records, adapters::token_cipher(s.token_encryption_key.reveal(), std::move(previous)),
        std::vector<adapters::secret_fields>{adapters::slack::installation_secrets()});
    std::size_t resealed = 0;
    if (auto failed = slack_sealed->reseal_all(resealed); !failed.empty())
      log::error("slack.tokens_not_resealed").kv("error", failed);
    else if (resealed > 0)
      log::info("slack.tokens_resealed").kv("installations", resealed);
  }
  adapters::platform_records& slack_records =
      slack_sealed ? static_cast<adapters::platform_records&>(*slack_sealed) : slack_store_records;
  std::unique_ptr<adapters::slack::oauth_pages> oauth_pages;
  std::unique_ptr<adapters::slack::token_refresher> refresher;
  if (slack_multi) {
    slack_multi->set_token_source(
        [&slack_records, &slack_org](const std::string& team) {
          return adapters::slack::installations(slack_records, slack_org).token_for(team);
        });
    oauth_pages = std::make_unique<adapters::slack::oauth_pages>(
        slack_records, *rt->clock, slack_multi->config(),
        [](const std::string& url, const adapters::slack::form_list& fields) { return adapters::slack::post_form(url, fields); },
        [&oauth_calls](std::function<void()> f) { boost::asio::post(oauth_calls, std::move(f)); });
    oauth_pages->mount(routes);
    adapters::slack::refresher_options refresh_opts;
    if (!flags.clock_file.empty()) refresh_opts.idle = std::chrono::milliseconds(50);
    refresher = std::make_unique<adapters::slack::token_refresher>(
        slack_records, *rt->clock, slack_multi->config(),
        [](const std::string& url, const adapters::slack::form_list& fields) { return adapters::slack::post_form(url, fields); }, refresh_opts);
    log::info("slack.multi_workspace").kv("install_path", std::string(adapters::slack::install_path));
  }

  // The outbox worker renders through the enabled adapters; it runs on its own thread.
  delivery::worker outbox(
      *rt->db,
      [&platforms](std::string_view name) -> const adapters::adapter* {
        for (const auto& p : platforms)
          if (p->platform() == name) return p.get();
        return nullptr;
      },
      *rt->clock, cfg.delivery);
  outbox.set_classifier("slack", adapters::slack::classify);  // a revoked token says so in the dead letter
  for (const auto& platform : platforms)
    if (auto* teams = dynamic_cast<adapters::teams::teams_adapter*>(platform.get()))
      outbox.set_classifier("teams", adapters::teams::classifier([teams] { teams->discard_token(); }));
  // Replies that could not ride in an acknowledgement are committed to the outbox by the
  // pipeline; wake the worker at once rather than at its next rescan.
  rt->events->set_outbox_notify([&outbox](std::vector<std::string> keys) { outbox.notify(std::move(keys)); });

  // The scheduler on its own thread: meeting nudges and plan reflections, each fire committed
  // with its outbox entries and handed to the worker at once.
  // Calendars and feeds are fetched from public addresses only, unless the config allows
  // private ones (fetch/address_policy.hpp), and with the config's certificate authorities
  // when it names some.
  const bool public_only = !cfg.fetch_allow_private_addresses;
  const auto feed_fetch = [public_only, ca_file = cfg.fetch_ca_file](const fetch::request& r) {
    fetch::request checked = r;
    checked.public_only = public_only;
    checked.ca_file = ca_file;
    return fetch::get(checked);
  };
  auto schedule_opts = schedule_options(cfg);
  schedule_opts.fetch = feed_fetch;
  if (!flags.clock_file.empty()) schedule_opts.max_sleep = std::chrono::milliseconds(10);
  schedule_opts.outbox_notify = [&outbox](std::vector<std::string> keys) { outbox.notify(std::move(keys)); };
  // Digest feeds (config tenants[].feeds) are polled from the same thread when due; their
  // new items join the catalogue, and a broken feed's notice goes to library staff.
  workers::digest_feeds feeds(*rt->db, rt->resources, rt->digests, feed_fetch);
  schedule_opts.poll_feeds = [&feeds, &outbox](long long now_ms) {
    auto round = feeds.refresh_due(now_ms);
    if (!round.outbox_keys.empty()) outbox.notify(std::move(round.outbox_keys));
  };
  // Dedupe keys past the retention window and long-expired sessions are erased from the same
  // thread, in bounded batches (workers/retention_sweeper.hpp).
  workers::retention_options retention;
  retention.dedupe_retention_ms = cfg.retention.dedupe_hours * 60 * 60 * 1000;
  retention.session_idle_ms = cfg.session_idle_minutes * 60 * 1000;
  retention.expired_session_grace_ms = cfg.retention.expired_session_hours * 60 * 60 * 1000;
  workers::retention_sweeper sweeper(*rt->db, *rt->clock, retention);
  schedule_opts.sweep = [&sweeper] { sweeper.sweep_if_due(); };
  workers::schedule_loop schedule(*rt->db, *rt->clock, workers::schedule_fire_handler(rt->nudges, &rt->digests), std::move(schedule_opts));
  rt->services.schedule_changed = [&schedule](const std::string& tenant) { schedule.changed(tenant); };

  // People with no time zone get their platform's (Slack's users.info), asked on a worker
  // of its own and applied through the pipeline (workers/people_zones.hpp).
  std::vector<workers::zone_source> zone_sources;
  for (const auto& platform : platforms)
    if (const auto* slack = dynamic_cast<const adapters::slack::slack_adapter*>(platform.get()))
      zone_sources.push_back({"slack", adapters::slack::users_info_zones(
                                          slack->config().api_base_url,
                                          slack->config().multi_workspace()
                                              ? adapters::slack::token_lookup([&slack_records, &slack_org](const std::string& team) {
                                                  return adapters::slack::installations(slack_records, slack_org).token_for(team);
                                                })
                                              : adapters::slack::single_workspace_token(slack->config()))});
  workers::people_zones zones(*rt->db, *rt->events, *rt->clock, std::move(zone_sources));

  http::router admin_routes;
  std::unique_ptr<http::server> admin;
  if (cfg.admin.enabled) {
    add_stats_route(admin_routes, *rt, outbox, cfg.admin.token);
    http::server_options admin_opts;
    admin_opts.address = cfg.admin.address;
    admin_opts.port = cfg.admin.port;
    admin_opts.threads = 1;
    admin_opts.max_connections = admin_opts.max_connections_per_address = admin_max_connections;
    admin = std::make_unique<http::server>(admin_opts, admin_routes);
  }

  try {
    server.start();
    if (admin) admin->start();
  } catch (const std::exception& e) {
    std::cerr << "commonsbot serve: " << e.what() << "\n";
    server.stop();
    rt->db->close();
    return 1;
  }
  for (const auto& platform : platforms) platform->start(*rt->events);  // their own threads (Teams' keys)
  outbox.start();
  schedule.start();
  zones.start();
  if (refresher) refresher->start();
  if (admin) log::info("admin.listening").kv("address", cfg.admin.address).kv("port", admin->port());
  log::info("server.listening").kv("address", cfg.server.address).kv("port", server.port())
      .kv("threads", cfg.server.threads).kv("data_dir", cfg.data_dir.string());
  server.wait_for_signal([](const char* name) { log::info("server.stopping").kv("signal", name); },
                         [&flags, &server] {
                           if (flags.port_file.empty()) return;
                           // Written once listening and once signals are handled, so a script
                           // or test can wait for the file, connect, and later stop us cleanly.
                           const auto tmp = flags.port_file.string() + ".tmp";
                           std::ofstream(tmp) << server.port() << "\n";
                           std::filesystem::rename(tmp, flags.port_file);
                         });
  if (admin) admin->stop();
  schedule.stop();  // no event runs any more, so nobody calls schedule_changed
  zones.stop();     // waits for its last event, before the store closes
  if (refresher) refresher->stop();
  oauth_calls.join();  // an install finishing its commit, before the store closes
  rt->services.schedule_changed = nullptr;
  outbox.stop();  // lets sends on the wire finish and records their results
  for (const auto& platform : platforms) platform->stop();
  const auto st = rt->db->close();
  if (!st) {
    log::error("store.close_failed").kv("error", st.to_string());
    return 1;
  }
  log::info("server.stopped").kv("seq", rt->db->last_sequence());
  return 0;
}

}  // namespace commonsbot::app
