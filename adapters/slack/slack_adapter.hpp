// The Slack adapter: one request URL, POST /slack/events (Bolt's convention), taking slash
// commands, Events API callbacks and interactivity. Verified on the raw bytes before any
// parsing; replies to commands ride in the response body, everything else leaves through
// the outbox as Web API calls rendered here.
#pragma once

#include "adapters/adapter.hpp"
#include "adapters/slack/settings.hpp"
#include "core/clock.hpp"

#include <functional>
#include <string>

namespace commonsbot::adapters::slack {

inline constexpr std::string_view events_path = "/slack/events";

class slack_adapter final : public adapter {
 public:
  slack_adapter(settings s, const core::clock& clock);

  std::string_view platform() const override { return "slack"; }
  std::vector<route> routes() const override;
  verification verify(const http::request& req) const override;
  inbound parse(const http::request& req) const override;
  http::response acknowledge(const inbound& in, const std::vector<core::outcome>& results) const override;
  std::vector<outbound_request> render(const core::message& m, const core::conversation_ref& to) const override;

  const settings& config() const { return settings_; }

  // Multi-workspace mode: the bot token for a team (a Slack team id), looked up when a
  // request is rendered, so a rotated token is used from the next send on. Set it before the
  // outbox worker starts; without it every request carries the config's bot_token.
  using token_source = std::function<std::string(const std::string& team)>;
  void set_token_source(token_source tokens) { tokens_ = std::move(tokens); }

 private:
  settings settings_;
  token_source tokens_;
  const core::clock& clock_;
};

}  // namespace commonsbot::adapters::slack
