// Configuration: one JSON file (comments allowed). Secrets are never written inline; they
// are references to an environment variable or a file, resolved at load.
//
//   "signing_secret": { "env": "SLACK_SIGNING_SECRET" }
//   "signing_secret": { "file": "/run/secrets/slack_signing_secret" }
//
// Relative paths are taken from the working directory, as a shell user expects.
#pragma once

#include "core/role.hpp"
#include "delivery/worker.hpp"
#include "digest/digest_context.hpp"
#include "flows/problem.hpp"
#include "http/server.hpp"
#include "meetings/calendar.hpp"
#include "meetings/meeting.hpp"
#include "meetings/nudge_rule.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace commonsbot::config {

// Delivery defaults: the platforms' published rate limits (delivery::default_limits).
inline delivery::worker_options default_delivery_options() {
  delivery::worker_options o;
  o.limits = delivery::default_limits();
  return o;
}

// A secret's value. It has no stream operator and no implicit conversion, so it cannot end
// up in a log line by accident; `reveal()` is greppable.
class secret {
 public:
  secret() = default;
  secret(std::string value, std::string source) : value_(std::move(value)), source_(std::move(source)) {}
  const std::string& reveal() const { return value_; }
  const std::string& source() const { return source_; }  // "env:NAME" or "file:PATH"; safe to log
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
  std::string source_;
};

// An iCalendar feed of a school's meetings (tenants[].calendars[]), imported and re-fetched.
struct calendar_feed {
  std::string url;                // https://... or a file path
  long long refresh_minutes = 360;
  std::string zone;               // for floating times; defaults to the tenant's time_zone
};

struct tenant_config {
  std::string id;
  std::string name;
  std::map<std::string, core::role> roles;  // user id -> role, for people the bot hasn't met
  std::string staff_channel;  // conversation id where shared successes are posted; empty: none
  // Scheduling (config_schedule.cpp): the school's zone, terms and holidays, nudge rules,
  // meetings written in the config (tenant filled, source "config") and calendar feeds.
  std::string time_zone;                     // IANA; empty: none given
  meetings::school_calendar calendar;
  std::string holidays_ics;                  // calendar.holidays_ics: an .ics of holidays to add
  std::vector<meetings::nudge_rule> nudge_rules;  // empty: meetings::default_nudge_rule()
  std::vector<meetings::meeting> meetings;
  std::vector<calendar_feed> calendars;
  std::vector<digest::feed_config> feeds;    // RSS / Atom feeds for digests (config_digest.cpp)
};

// Top-level "schedule": how late a fire missed during downtime may still go.
struct schedule_config {
  long long lateness_minutes = 360;
};

// The stats listener: a second HTTP server, loopback by default, for operators only.
struct admin_config {
  bool enabled = false;  // true when the config has an "admin" section
  std::string address = "127.0.0.1";
  std::uint16_t port = 8081;
  secret token;  // GET /stats needs "Authorization: Bearer <token>"
};

// Top-level "retention": how long records that exist only to recognise a platform's retry
// (dedupe keys) or to explain a timed-out conversation (expired sessions) are kept before the
// background sweep erases them (workers/retention_sweeper.hpp).
struct retention_config {
  // At least the longest platform retry window (Slack retries for up to about an hour, the
  // Bot Framework similarly), so a late retry is still recognised.
  long long dedupe_hours = 24;
  // An expired session is kept this long past flows.session_idle_minutes, so someone coming
  // back is told their conversation timed out rather than meeting "nothing open".
  long long expired_session_hours = 24;
};

// Top-level "inbound": a token bucket per tenant (Slack team, Teams tenant) for verified
// requests, checked before anything is processed or stored (pipeline/ingress.cpp).
struct inbound_config {
  unsigned tenant_rate_per_second = 20;
  unsigned tenant_rate_burst = 100;
};

struct config {
  std::filesystem::path file;
  // Calendars and feeds may be fetched from loopback and private-network addresses
  // (config "fetch": {"allow_private_addresses": true}); off by default (fetch/address_policy.hpp).
  bool fetch_allow_private_addresses = false;
  // A PEM file of certificate authorities trusted for calendars and feeds instead of the
  // system's list (config "fetch": {"ca_file": "PATH"}), for a server whose certificate
  // comes from the school's own authority; empty: the system's list (fetch::request::ca_file).
  std::string fetch_ca_file;
  http::server_options server;
  std::filesystem::path data_dir = "data";
  std::string store_sync = "always";  // always | interval | never
  std::size_t snapshot_threshold_bytes = 4 * 1024 * 1024;
  std::filesystem::path templates_dir = "templates";
  std::string locale = "en-NZ";
  long long session_idle_minutes = 60;
  std::string log_level = "info";
  std::string log_file;
  std::vector<tenant_config> tenants;
  std::string console_tenant = "console";
  nlohmann::json adapters = nlohmann::json::object();  // each adapter reads its own section
  delivery::worker_options delivery = default_delivery_options();
  admin_config admin;
  schedule_config schedule;
  retention_config retention;
  inbound_config inbound;
};

struct config_result {
  config cfg;
  flows::problem_list problems;
  bool ok() const { return !flows::has_errors(problems); }
};

// Reads and checks `path`. Every problem is reported with its JSON path; unknown keys are
// warnings. Secrets are resolved (a missing environment variable is an error).
config_result load_config(const std::filesystem::path& path);

// Resolves a secret reference found at `pointer` in `file`, appending problems.
secret resolve_secret(const nlohmann::json& ref, const std::string& file, const std::string& pointer,
                      flows::problem_list& problems);

}  // namespace commonsbot::config
