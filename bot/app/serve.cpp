#include "adapters/registry.hpp"
#include "app/commands.hpp"
#include "app/ingress.hpp"
#include "app/runtime.hpp"
#include "http/server.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

namespace commonsbot::app {
namespace {

void add_health_routes(http::router& routes, const runtime& rt, const http::server& server) {
  routes.add("GET", "/healthz", [](http::request, http::responder respond) {
    respond(http::response::json(200, R"({"status":"alive"})"));
  });
  routes.add("GET", "/readyz", [&rt, &server](http::request, http::responder respond) {
    const auto h = rt.db->health();
    nlohmann::json body = {{"store", {{"ok", h.ok}, {"seq", rt.db->last_sequence()}}}, {"workers", server.running()}};
    if (!h.ok) body["store"]["reason"] = h.reason;
    const bool ready = h.ok && server.running();
    body["status"] = ready ? "ready" : "not_ready";
    respond(http::response::json(ready ? 200 : 503, body.dump()));
  });
}

}  // namespace

int serve_command(const serve_flags& flags) {
  auto loaded = load_config(flags.config);
  print_problems(loaded.problems, std::cerr);
  if (!loaded.ok()) return 2;
  config cfg = loaded.cfg;
  if (flags.data_dir) cfg.data_dir = *flags.data_dir;
  if (flags.port) cfg.server.port = static_cast<std::uint16_t>(*flags.port);
  log::level level = log::level::info;
  log::parse_level(cfg.log_level, level);
  log::set_level(level);
  if (!cfg.log_file.empty()) log::set_output(cfg.log_file);

  auto rt = open_runtime(cfg, std::cerr);
  if (!rt) return 1;

  flows::problem_list problems;
  auto platforms = adapters::make_push_adapters(cfg.adapters, cfg.file.string(), problems);
  if (print_problems(problems, std::cerr) > 0) return 2;

  http::router routes;
  http::server server(cfg.server, routes);
  add_health_routes(routes, *rt, server);
  for (const auto& platform : platforms) {
    mount(routes, *platform, *rt->events);
    log::info("adapter.enabled").kv("platform", platform->platform());
  }

  try {
    server.start();
  } catch (const std::exception& e) {
    std::cerr << "commonsbot serve: " << e.what() << "\n";
    rt->db->close();
    return 1;
  }
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
