// Slack's three inbound kinds, one file each: slash commands (form fields), Events API
// callbacks (JSON) and interactivity (form field "payload" holding JSON). Each turns a
// verified request into core::events, an immediate answer, or a 400 saying what was wrong.
#pragma once

#include "adapters/adapter.hpp"
#include "adapters/slack/form.hpp"
#include "adapters/slack/settings.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace commonsbot::adapters::slack {

struct parse_context {
  const settings& config;
  std::chrono::system_clock::time_point now;
};

inbound parse_command(const form_fields& form, const parse_context& ctx);
inbound parse_events_api(const nlohmann::json& body, const parse_context& ctx);
inbound parse_interaction(const nlohmann::json& payload, const parse_context& ctx);
// view_submission / view_closed of a modal the bot opened (views.cpp).
inbound parse_view(const nlohmann::json& payload, const parse_context& ctx);
// app_home_opened, app_uninstalled, tokens_revoked -> a lifecycle event; others -> nullopt.
std::optional<core::event> parse_lifecycle_event(const nlohmann::json& envelope, const nlohmann::json& event,
                                                 const parse_context& ctx);

// 400 {"error": code, "message": message}: nothing is processed.
inbound reject(std::string_view code, std::string_view message);
// 200 with an empty body: Slack's "got it" when there is nothing to run.
inbound nothing_to_do();

// The string at `key` in `j`, or empty if absent or not a string.
std::string text_at(const nlohmann::json& j, std::string_view key);

// The id at j[object]["id"] (an interaction's "team", "user" or "enterprise"), or empty.
std::string id_in(const nlohmann::json& j, std::string_view object);

// The response_url if it starts with the configured prefix, else empty (never called).
std::string trusted_response_url(const settings& s, const std::string& url);

}  // namespace commonsbot::adapters::slack
