// The install pages under load: a client address past its budget gets 429 with Retry-After
// (others are unaffected), and redirects beyond oauth_queue_limit get 503 instead of queueing
// without end; a redirect whose state is not signed here never reaches the queue.
#include "adapters/slack/oauth_pages.hpp"
#include "app/platform_records.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>

using namespace commonsbot;
using namespace commonsbot::adapters::slack;

namespace {

adapters::slack::settings limits_settings() {
  adapters::slack::settings s;
  s.client_id = "123.456";
  s.client_secret = adapters::slack::secret_value("shh-client-secret");
  s.redirect_url = "https://bot.example.nz/slack/oauth_redirect";
  s.api_base_url = "https://fake.slack/api";
  return s;
}

http::request limits_request(const std::string& remote, const std::string& query = {}, const std::string& cookie = {}) {
  http::request r;
  r.method = "GET";
  r.path = std::string(redirect_path);
  r.query = query;
  r.remote = remote;
  if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
  return r;
}

std::string limits_header(const http::response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return v;
  return {};
}

std::string limits_state(const http::response& page) {
  const auto cookie = limits_header(page, "Set-Cookie");
  const auto eq = cookie.find('=');
  return cookie.substr(eq + 1, cookie.find(';') - eq - 1);
}

oauth_poster limits_refusing_slack() {
  return [](const std::string&, const form_list&) {
    oauth_answer a;
    a.error = "connection refused";
    return a;
  };
}

}  // namespace

TEST_CASE("install pages: each client address has its own budget, then 429 with Retry-After", "[app][slack][oauth]") {
  test::memory_store db;
  app::store_platform_records records(db, "slack");
  core::manual_clock clock(core::from_epoch_ms(1'000'000));
  auto s = limits_settings();
  s.install_rate_burst = 3;
  s.install_rate_per_minute = 6;  // one every 10 s
  oauth_pages pages(records, clock, s, limits_refusing_slack(), [](std::function<void()> f) { f(); });
  http::router routes;
  pages.mount(routes);
  const auto load = [&](const std::string& remote) {
    http::response got;
    auto req = limits_request(remote);
    req.path = std::string(install_path);
    routes.dispatch(std::move(req), [&got](http::response r) { got = std::move(r); });
    return got;
  };
  for (int i = 0; i < 3; ++i) CHECK(load("203.0.113.5:4000" + std::to_string(i)).status == 200);
  const auto refused = load("203.0.113.5:40100");  // another port, the same client
  CHECK(refused.status == 429);
  CHECK(limits_header(refused, "Retry-After") == "10");
  CHECK(refused.body.find("Please wait a minute") != std::string::npos);
  CHECK(load("198.51.100.7:40000").status == 200);  // someone else
  // The redirect shares the budget.
  http::response got;
  pages.redirect(limits_request("203.0.113.5:40200", "code=c&state=x", "slack-app-oauth-state=x"),
                 [&got](http::response r) { got = std::move(r); });
  CHECK(got.status == 429);
  clock.advance(std::chrono::seconds(10));
  CHECK(load("203.0.113.5:40300").status == 200);
  CHECK(db.count(oauth_states_collection) == 0);
}

TEST_CASE("install pages: redirects beyond the queue limit get 503, forged ones never queue", "[app][slack][oauth]") {
  test::memory_store db;
  app::store_platform_records records(db, "slack");
  core::manual_clock clock(core::from_epoch_ms(1'000'000));
  auto s = limits_settings();
  s.oauth_queue_limit = 2;
  std::vector<std::function<void()>> held;  // the OAuth thread, stuck on a slow Slack
  oauth_pages pages(records, clock, s, limits_refusing_slack(), [&held](std::function<void()> f) { held.push_back(std::move(f)); });
  std::vector<int> statuses;
  const auto redirect_with = [&](const std::string& state, const std::string& remote) {
    pages.redirect(limits_request(remote, "code=c&state=" + state, "slack-app-oauth-state=" + state),
                   [&statuses](http::response r) { statuses.push_back(r.status); });
  };
  const auto state = [&] { return limits_state(pages.install({})); };

  redirect_with("forged.1.abc", "192.0.2.1:1");  // answered at once, not queued
  REQUIRE(statuses.size() == 1);
  CHECK(statuses.back() == 400);
  CHECK(held.empty());

  redirect_with(state(), "192.0.2.2:1");
  redirect_with(state(), "192.0.2.3:1");
  CHECK(held.size() == 2);
  redirect_with(state(), "192.0.2.4:1");
  REQUIRE(statuses.size() == 2);
  CHECK(statuses.back() == 503);
  CHECK(held.size() == 2);

  for (auto& f : held) f();  // Slack answers (with an error): the queue empties
  held.clear();
  CHECK(statuses.size() == 4);
  redirect_with(state(), "192.0.2.5:1");
  CHECK(held.size() == 1);
}
