// The bot's own access token for the Bot Connector: client credentials (the app id and its
// secret) exchanged at the tenant's authority for a token scoped to api.botframework.com,
// kept in memory only and renewed five minutes before it expires (as Microsoft's SDKs do).
// Never logged: the token and the secret appear in no log line and no error.
//
// token() is called by the outbox worker as it renders a request. It answers from memory;
// only when there is no token, or it is about to expire, does it ask the authority, once, on
// the calling thread, and a failure is not asked again for `retry_ms`, so a broken secret
// costs one call a minute rather than one per message.
#pragma once

#include "adapters/teams/settings.hpp"
#include "fetch/fetch.hpp"

#include <functional>
#include <mutex>
#include <string>

namespace commonsbot::adapters::teams {

// fetch::get, or a fake in tests.
using token_poster = std::function<fetch::result(const fetch::request&)>;

class app_tokens {
 public:
  app_tokens(const settings& s, token_poster post, std::function<long long()> now_ms);

  // The current token, or empty when the authority could not give one (logged, with its
  // status and Microsoft's error code but never a secret). Thread-safe.
  std::string token();
  // The Connector refused the token (401): the next token() asks for a new one.
  void discard();

  // The token endpoint for these settings: <login_url>/<tenant>/oauth2/v2.0/token.
  static std::string endpoint(const settings& s);

  static constexpr long long renew_early_ms = 5 * 60 * 1000;
  static constexpr long long retry_ms = 60 * 1000;

 private:
  const settings& settings_;
  token_poster post_;
  std::function<long long()> now_ms_;
  std::mutex mutex_;
  std::string token_;
  long long expires_at_ms_ = 0;
  long long failed_at_ms_ = -1;
};

}  // namespace commonsbot::adapters::teams
