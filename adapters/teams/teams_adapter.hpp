// The Microsoft Teams adapter (Bot Framework): one route, POST /api/messages, taking
// activities. Each request's bearer token is checked on the raw request before its body is
// trusted (token_check.hpp: RS256 against Microsoft's current signing keys, issuer, our app
// id, validity, then the key's endorsements and the serviceurl claim against the activity).
// Messages are acknowledged with an empty 200 and answered through the outbox; invokes
// (Action.Execute, task modules) are answered in the response body, which Teams waits for.
//
// Outbound, every reply, nudge and digest is rendered here into Bot Connector calls on the
// conversation's serviceUrl, with the bot's app token (app_tokens.hpp). The signing keys are
// refreshed by a small thread started with start() and stopped with stop().
#pragma once

#include "adapters/adapter.hpp"
#include "adapters/teams/app_tokens.hpp"
#include "adapters/teams/key_refresher.hpp"
#include "adapters/teams/settings.hpp"
#include "core/clock.hpp"

#include <memory>

namespace commonsbot::adapters::teams {

inline constexpr std::string_view messages_path = "/api/messages";

class teams_adapter final : public adapter {
 public:
  // `fetch` makes the key refresher's GETs and the token POSTs: fetch::get, or a fake.
  teams_adapter(settings s, const core::clock& clock, token_poster fetch);
  ~teams_adapter() override;

  std::string_view platform() const override { return "teams"; }
  std::vector<route> routes() const override;
  verification verify(const http::request& req) const override;
  inbound parse(const http::request& req) const override;
  http::response acknowledge(const inbound& in, const std::vector<core::outcome>& results) const override;
  std::vector<outbound_request> render(const core::message& m, const core::conversation_ref& to) const override;

  // The key refresher's thread: loads the keys at once, then keeps them fresh.
  void start(core::event_sink&) override;
  void stop() override;

  const settings& config() const { return settings_; }
  // The Connector refused our token: the next render asks for a new one.
  void discard_token() const { tokens_.discard(); }
  // For tests and check-config: one refresh now, on the calling thread.
  refresh_outcome refresh_keys() { return refresher_->step(); }

 private:
  settings settings_;
  const core::clock& clock_;
  key_holder keys_;
  std::unique_ptr<key_refresher> refresher_;
  mutable app_tokens tokens_;
};

}  // namespace commonsbot::adapters::teams
