#include "config/config.hpp"

#include "config/digest.hpp"
#include "config/reader.hpp"
#include "config/schedule.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <system_error>

namespace commonsbot::config {
namespace {

using flows::problem;
using detail::section_reader;

void read_server(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/server", file, problems);
  r.text("address", cfg.server.address);
  r.number("port", cfg.server.port, 0, 65535);
  r.number("threads", cfg.server.threads, 1, 64);
  r.number("header_limit_bytes", cfg.server.header_limit, 1024, 64 * 1024);
  r.number("body_limit_bytes", cfg.server.body_limit, 1024, 16 * 1024 * 1024);
  r.millis("read_timeout_ms", cfg.server.read_timeout, 100, 300'000);
  r.millis("idle_timeout_ms", cfg.server.idle_timeout, 100, 3'600'000);
  r.millis("handler_timeout_ms", cfg.server.handler_timeout, 100, 300'000);
  r.millis("shutdown_grace_ms", cfg.server.shutdown_grace, 0, 300'000);
  r.millis("write_timeout_ms", cfg.server.write_timeout, 100, 300'000);
  r.number("max_connections", cfg.server.max_connections, 1, 100'000);
  r.number("max_connections_per_address", cfg.server.max_connections_per_address, 1, 100'000);
  r.number("max_requests_per_connection", cfg.server.max_requests_per_connection, 1, 1'000'000);
}

void read_store(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/store", file, problems);
  std::string dir = cfg.data_dir.string();
  r.text("dir", dir);
  cfg.data_dir = dir;
  r.text("sync", cfg.store_sync);
  if (cfg.store_sync != "always" && cfg.store_sync != "interval" && cfg.store_sync != "never")
    r.error("sync", "must be \"always\", \"interval\" or \"never\"");
  else if (cfg.store_sync == "never")
    r.warn("sync", "\"never\" loses recent changes on a power cut; use it only for tests");
  r.number("snapshot_threshold_bytes", cfg.snapshot_threshold_bytes, 64 * 1024, 1LL << 34);
}

void read_flows(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/flows", file, problems);
  std::string dir = cfg.templates_dir.string();
  r.text("templates_dir", dir);
  cfg.templates_dir = dir;
  r.text("locale", cfg.locale);
  r.number("session_idle_minutes", cfg.session_idle_minutes, 1, 7 * 24 * 60);
}

void read_log(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/log", file, problems);
  r.text("level", cfg.log_level);
  if (cfg.log_level != "debug" && cfg.log_level != "info" && cfg.log_level != "warn" && cfg.log_level != "error")
    r.error("level", "must be debug, info, warn or error");
  r.text("file", cfg.log_file);
}

void read_tenants(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  if (!j.is_array()) {
    problems.push_back({problem::severity::error, file, "/tenants", "must be a list of schools"});
    return;
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string ptr = "/tenants/" + std::to_string(i);
    section_reader r(j[i], ptr, file, problems);
    tenant_config t;
    r.text("id", t.id);
    r.text("name", t.name);
    if (t.id.empty()) r.error("id", "missing (the workspace, team or server id of the school)");
    else if (t.id.find('/') != std::string::npos) r.error("id", "must not contain '/'");
    else if (!ids.insert(t.id).second) r.error("id", "\"" + t.id + "\" appears twice");
    if (auto roles = r.find("roles")) {
      if (!roles->is_object()) r.error("roles", "must map user ids to roles");
      else
        for (auto it = roles->begin(); it != roles->end(); ++it) {
          auto role = it->is_string() ? core::parse_role(it->get<std::string>()) : std::nullopt;
          if (role) t.roles[it.key()] = *role;
          else problems.push_back({problem::severity::error, file, ptr + "/roles/" + it.key(),
                                   "unknown role (teacher, library_staff, leader, admin)"});
        }
    }
    r.text("staff_channel", t.staff_channel);
    if (t.staff_channel.find_first_of(" \t\r\n") != std::string::npos)
      r.error("staff_channel", "must be a channel or conversation id (no spaces), e.g. \"C0123ABCD\"");
    detail::read_tenant_schedule(r, file, problems, t);
    detail::read_tenant_feeds(r, file, problems, t);
    cfg.tenants.push_back(std::move(t));
  }
}

void read_adapters(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  if (!j.is_object()) {
    problems.push_back({problem::severity::error, file, "/adapters", "must be an object with one section per platform"});
    return;
  }
  cfg.adapters = j;
  static const std::set<std::string> known{"console", "slack", "teams", "matrix"};
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!known.contains(it.key()))
      problems.push_back({problem::severity::warning, file, "/adapters/" + it.key(), "unknown adapter (console, slack, teams, matrix)"});
  }
  if (auto c = j.find("console"); c != j.end()) {
    section_reader r(*c, "/adapters/console", file, problems);
    bool enabled = true;
    if (auto e = r.find("enabled"); e && !e->is_boolean()) r.error("enabled", "must be true or false");
    else if (e) enabled = e->get<bool>();
    (void)enabled;  // the console is used by `commonsbot chat`, never by serve
    r.text("tenant", cfg.console_tenant);
    if (cfg.console_tenant.empty() || cfg.console_tenant.find('/') != std::string::npos)
      r.error("tenant", "must be a tenant id without '/'");
  }
}

void read_bucket(section_reader& r, const std::string& prefix, delivery::bucket_limit& b) {
  if (auto v = r.find(prefix + "_per_second")) {
    if (!v->is_number() || v->get<double>() < 0 || v->get<double>() > 100'000) r.error(prefix + "_per_second", "must be a number from 0 (no limit) to 100000");
    else b.rate_per_second = v->get<double>();
  }
  if (auto v = r.find(prefix + "_burst")) {
    if (!v->is_number() || v->get<double>() < 1 || v->get<double>() > 100'000) r.error(prefix + "_burst", "must be a number from 1 to 100000");
    else b.burst = v->get<double>();
  }
}

void read_delivery(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/delivery", file, problems);
  auto& d = cfg.delivery;
  r.number("concurrency", d.concurrency, 1, 1024);
  r.number("connect_timeout_ms", d.transport.connect_timeout_ms, 100, 120'000);
  r.number("total_timeout_ms", d.transport.total_timeout_ms, 100, 600'000);
  r.number("rescan_interval_ms", d.rescan_interval_ms, 100, 3'600'000);
  // Tests and benchmarks point platforms at a loopback fake over plain http.
  if (auto v = r.find("allow_plain_http")) {
    if (!v->is_boolean()) r.error("allow_plain_http", "must be true or false");
    else d.transport.allow_plain_http = v->get<bool>();
  }
  if (auto v = r.find("retry")) {
    section_reader rr(*v, "/delivery/retry", file, problems);
    rr.number("base_ms", d.retry.base_ms, 1, 3'600'000);
    rr.number("max_ms", d.retry.max_ms, 1, 86'400'000);
    rr.number("max_attempts", d.retry.max_attempts, 1, 1000);
  }
  if (auto v = r.find("limits")) {
    if (!v->is_object()) return r.error("limits", "must map platform names to limits");
    for (auto it = v->begin(); it != v->end(); ++it) {
      section_reader lr(*it, "/delivery/limits/" + it.key(), file, problems);
      auto& l = d.limits[it.key()];
      read_bucket(lr, "platform", l.platform);
      read_bucket(lr, "tenant", l.tenant);
      read_bucket(lr, "conversation", l.conversation);
      if (auto p = lr.find("pause_tenant_on_429")) {
        if (!p->is_boolean()) lr.error("pause_tenant_on_429", "must be true or false");
        else l.pause_tenant_on_429 = p->get<bool>();
      }
    }
  }
}

void read_fetch(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/fetch", file, problems);
  if (auto v = r.find("allow_private_addresses")) {
    if (!v->is_boolean()) r.error("allow_private_addresses", "must be true or false");
    else cfg.fetch_allow_private_addresses = v->get<bool>();
  }
  r.text("ca_file", cfg.fetch_ca_file);
  if (!cfg.fetch_ca_file.empty()) {
    // Checked here rather than at the first fetch: a wrong path would otherwise fail every
    // https calendar and feed with a certificate error, hours after the config was read.
    std::error_code ec;
    const std::filesystem::path path = cfg.fetch_ca_file;
    if (!std::filesystem::exists(path, ec))
      r.error("ca_file", "cannot find \"" + cfg.fetch_ca_file + "\"; give the path of a PEM file of certificate authorities");
    else if (!std::filesystem::is_regular_file(path, ec))
      r.error("ca_file", "\"" + cfg.fetch_ca_file + "\" is not a file; give the path of a PEM file of certificate authorities");
    else if (!std::ifstream(path))
      r.error("ca_file", "cannot read \"" + cfg.fetch_ca_file + "\"; check the bot's user may read it");
  }
}

void read_admin(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/admin", file, problems);
  cfg.admin.enabled = true;
  r.text("address", cfg.admin.address);
  r.number("port", cfg.admin.port, 0, 65535);
  if (auto t = r.find("token")) cfg.admin.token = resolve_secret(*t, file, "/admin/token", problems);
  else r.error("token", "missing: the stats endpoint needs a token ({\"env\": \"NAME\"})");
  if (cfg.admin.address != "127.0.0.1" && cfg.admin.address != "::1" && cfg.admin.address != "localhost")
    r.warn("address", "the stats listener is reachable beyond this machine; keep it behind a firewall");
}

void read_retention(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/retention", file, problems);
  // Below an hour a platform's late retry could run twice (Slack retries for up to an hour).
  r.number("dedupe_hours", cfg.retention.dedupe_hours, 1, 24 * 365);
  r.number("expired_session_hours", cfg.retention.expired_session_hours, 0, 24 * 365);
}

void read_inbound(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg) {
  section_reader r(j, "/inbound", file, problems);
  r.number("tenant_rate_per_second", cfg.inbound.tenant_rate_per_second, 1, 10'000);
  r.number("tenant_rate_burst", cfg.inbound.tenant_rate_burst, 1, 100'000);
}

}  // namespace

secret resolve_secret(const nlohmann::json& ref, const std::string& file, const std::string& pointer,
                      flows::problem_list& problems) {
  if (ref.is_string()) {
    problems.push_back({problem::severity::warning, file, pointer,
                        "secret written inline; use {\"env\": \"NAME\"} or {\"file\": \"PATH\"} instead"});
    return secret(ref.get<std::string>(), "inline");
  }
  if (ref.is_object() && ref.size() == 1 && ref.contains("env") && ref["env"].is_string()) {
    const std::string name = ref["env"].get<std::string>();
    const char* v = std::getenv(name.c_str());
    if (!v || !*v) {
      problems.push_back({problem::severity::error, file, pointer, "environment variable " + name + " is not set"});
      return {};
    }
    return secret(v, "env:" + name);
  }
  if (ref.is_object() && ref.size() == 1 && ref.contains("file") && ref["file"].is_string()) {
    const std::string path = ref["file"].get<std::string>();
    std::ifstream in(path);
    if (!in) {
      problems.push_back({problem::severity::error, file, pointer, "cannot read secret file " + path});
      return {};
    }
    std::stringstream buf;
    buf << in.rdbuf();
    std::string value = buf.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    if (value.empty()) problems.push_back({problem::severity::error, file, pointer, "secret file " + path + " is empty"});
    return secret(value, "file:" + path);
  }
  problems.push_back({problem::severity::error, file, pointer, "must be {\"env\": \"NAME\"} or {\"file\": \"PATH\"}"});
  return {};
}

config_result load_config(const std::filesystem::path& path) {
  config_result out;
  out.cfg.file = path;
  const std::string file = path.string();
  std::ifstream in(path);
  if (!in) {
    out.problems.push_back({problem::severity::error, file, "", "cannot open the config file"});
    return out;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(buf.str(), nullptr, /*allow_exceptions=*/true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    out.problems.push_back({problem::severity::error, file, "", std::string("not valid JSON: ") + e.what()});
    return out;
  } catch (const nlohmann::json::out_of_range&) {
    // nlohmann/json reports a number beyond a double's range this way, not as parse_error.
    out.problems.push_back({problem::severity::error, file, "", "not valid JSON: a number is too large"});
    return out;
  }
  if (!j.is_object()) {
    out.problems.push_back({problem::severity::error, file, "", "must be a JSON object"});
    return out;
  }
  section_reader top(j, "", file, out.problems);
  if (auto v = top.find("server")) read_server(*v, file, out.problems, out.cfg);
  if (auto v = top.find("store")) read_store(*v, file, out.problems, out.cfg);
  if (auto v = top.find("flows")) read_flows(*v, file, out.problems, out.cfg);
  if (auto v = top.find("log")) read_log(*v, file, out.problems, out.cfg);
  if (auto v = top.find("tenants")) read_tenants(*v, file, out.problems, out.cfg);
  if (auto v = top.find("adapters")) read_adapters(*v, file, out.problems, out.cfg);
  if (auto v = top.find("delivery")) read_delivery(*v, file, out.problems, out.cfg);
  if (auto v = top.find("admin")) read_admin(*v, file, out.problems, out.cfg);
  if (auto v = top.find("fetch")) read_fetch(*v, file, out.problems, out.cfg);
  if (auto v = top.find("schedule")) detail::read_schedule(*v, file, out.problems, out.cfg);
  if (auto v = top.find("retention")) read_retention(*v, file, out.problems, out.cfg);
  if (auto v = top.find("inbound")) read_inbound(*v, file, out.problems, out.cfg);
  return out;
}

}  // namespace commonsbot::config
