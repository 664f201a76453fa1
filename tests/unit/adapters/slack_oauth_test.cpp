// Multi-workspace Slack: the OAuth state checks (expired, reused, mismatched, missing), the
// installation record from oauth.v2.access answers, the refresh-ahead decision, the install
// pages with a fake oauth.v2.access, and the refresher storing a rotated pair.
#include "adapters/slack/oauth_pages.hpp"
#include "adapters/slack/token_refresher.hpp"
#include "app/platform_records.hpp"
#include "support/memory_store.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace commonsbot;
using namespace commonsbot::adapters::slack;
using nlohmann::json;

namespace {

constexpr long long hour = 60LL * 60 * 1000;

core::clock::time_point at_ms(long long ms) { return core::from_epoch_ms(ms); }

json rotating_install() {
  return json::parse(R"({"ok": true, "app_id": "A1", "access_token": "xoxe.xoxb-1-first",
    "token_type": "bot", "scope": "commands,chat:write", "bot_user_id": "UBOT",
    "team": {"id": "T1", "name": "Kowhai School"}, "enterprise": null, "is_enterprise_install": false,
    "authed_user": {"id": "U9"}, "refresh_token": "xoxe-1-refresh-first", "expires_in": 43200})");
}

adapters::slack::settings oauth_settings() {
  adapters::slack::settings s;
  s.client_id = "123.456";
  s.client_secret = adapters::slack::secret_value("shh-client-secret");
  s.redirect_url = "https://bot.example.nz/slack/oauth_redirect";
  s.api_base_url = "https://fake.slack/api";
  return s;
}

struct fake_slack {
  std::vector<std::pair<std::string, form_list>> calls;
  std::vector<json> answers;
  oauth_poster poster() {
    return [this](const std::string& url, const form_list& fields) {
      calls.emplace_back(url, fields);
      oauth_answer a;
      if (answers.empty()) {
        a.error = "connection refused";
        return a;
      }
      a.ok = true;
      a.status = 200;
      a.body = answers.front();
      answers.erase(answers.begin());
      return a;
    };
  }
  std::string field(std::size_t call, const std::string& name) const {
    for (const auto& [k, v] : calls.at(call).second)
      if (k == name) return v;
    return {};
  }
};

std::string header(const http::response& r, const std::string& name) {
  for (const auto& [n, v] : r.headers)
    if (n == name) return v;
  return {};
}

http::request redirect_request(const std::string& query, const std::string& cookie) {
  http::request req;
  req.method = "GET";
  req.path = std::string(redirect_path);
  req.query = query;
  req.target = req.path + "?" + query;
  if (!cookie.empty()) req.headers.emplace_back("Cookie", cookie);
  return req;
}

// The state an install page set as its cookie.
std::string oauth_test_state(const http::response& page) {
  const auto cookie = header(page, "Set-Cookie");
  const auto eq = cookie.find('=');
  return cookie.substr(eq + 1, cookie.find(';') - eq - 1);
}

}  // namespace

TEST_CASE("oauth state: accepted once, with its cookie, within 10 minutes", "[app][slack][oauth]") {
  test::memory_store db;
  app::store_platform_records records(db, "slack");
  core::manual_clock clock(at_ms(1'000'000));
  int n = 0;
  oauth_states states(records, clock, "test-key", [&n] { return "state" + std::to_string(++n); });

  const auto s1 = states.issue();
  CHECK(states.consume(s1, s1) == state_check::ok);
  CHECK(states.consume(s1, s1) == state_check::unknown);  // reused

  const auto s2 = states.issue();
  CHECK(states.consume(s2, "state999") == state_check::mismatched);  // another browser
  CHECK(states.consume(s2, s2) == state_check::unknown);             // and it is spent

  const auto s3 = states.issue();
  clock.advance(std::chrono::minutes(10) + std::chrono::seconds(1));
  CHECK(states.consume(s3, s3) == state_check::expired);

  const auto s4 = states.issue();
  CHECK(states.consume(s4, "") == state_check::missing);  // no cookie
  CHECK(states.consume("", s4) == state_check::missing);
  CHECK(states.consume("never-issued", "never-issued") == state_check::unknown);
  clock.advance(std::chrono::minutes(9));
  CHECK(states.consume(s4, s4) == state_check::ok);  // the missing tries did not spend it

  // Only states signed here: another key's, or one with its expiry pushed out, are unknown.
  const auto s5 = oauth_states(records, clock, "other-key").issue();
  CHECK(states.consume(s5, s5) == state_check::unknown);
  auto stretched = states.issue();
  const auto dot = stretched.find('.');
  stretched.replace(dot + 1, 1, stretched[dot + 1] == '9' ? "8" : "9");
  CHECK(states.consume(stretched, stretched) == state_check::unknown);

  for (auto c : {state_check::missing, state_check::mismatched, state_check::expired, state_check::unknown})
    CHECK(describe(c).find("start again") != std::string_view::npos);
}

TEST_CASE("oauth state: issuing stores nothing, a restart keeps it, spent ones kept until they expire", "[app][slack][oauth]") {
  test::memory_store db;  // outlives both "processes"
  app::store_platform_records records(db, "slack");
  core::manual_clock clock(at_ms(1'000'000));
  std::string s1, s2;
  {
    oauth_states before(records, clock, "config-key");
    for (int i = 0; i < 100; ++i) before.issue();
    s1 = before.issue();
    s2 = before.issue();
  }
  CHECK(db.count(oauth_states_collection) == 0);  // however many pages were served
  CHECK(db.commits == 0);
  clock.advance(std::chrono::minutes(3));
  oauth_states after(records, clock, "config-key");  // the same config: the same key
  CHECK(after.consume(s1, s1) == state_check::ok);
  CHECK(after.consume(s1, s1) == state_check::unknown);
  REQUIRE(db.count(oauth_states_collection) == 1);
  for (const auto& [key, value] : db.scan(oauth_states_collection, "")) {
    CHECK(key != s1);  // never the state itself
    CHECK(key.size() == 64);
  }
  // Another key (a changed secret) accepts nothing issued before.
  CHECK(oauth_states(records, clock, "new-key").consume(s2, s2) == state_check::unknown);

  // Eight minutes on, s1 could never be accepted again anyway: the next spend sweeps it.
  clock.advance(std::chrono::minutes(8));
  const auto s3 = after.issue();
  CHECK(after.consume(s3, s3) == state_check::ok);
  CHECK(db.count(oauth_states_collection) == 1);
  CHECK(after.consume(s2, s2) == state_check::expired);

  // A state the store could not spend is not accepted; issuing needs no store.
  const auto s4 = after.issue();
  db.fail_commits = true;
  CHECK(after.consume(s4, s4) == state_check::unknown);
  CHECK_FALSE(after.issue().empty());
  db.fail_commits = false;
  CHECK(after.consume(s4, s4) == state_check::ok);
}

TEST_CASE("oauth state: random states and cookies", "[app][slack][oauth]") {
  const auto a = random_state(), b = random_state();
  CHECK(a.size() == 32);
  CHECK(a != b);
  const auto cookie = state_cookie("abc");
  CHECK(cookie.rfind("slack-app-oauth-state=abc;", 0) == 0);
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("Secure") != std::string::npos);
  CHECK(cookie.find("SameSite=Lax") != std::string::npos);
  CHECK(cookie.find("Max-Age=600") != std::string::npos);
  CHECK(clear_state_cookie().find("Max-Age=0") != std::string::npos);
  CHECK(cookie_value("a=1; slack-app-oauth-state=xyz; b=2", oauth_state_cookie) == "xyz");
  CHECK(cookie_value("slack-app-oauth-state=\"q\"", oauth_state_cookie) == "q");
  CHECK(cookie_value("xslack-app-oauth-state=no", oauth_state_cookie).empty());
  CHECK(cookie_value("", oauth_state_cookie).empty());
}

TEST_CASE("installation record: from oauth.v2.access, refreshed, round trip", "[app][slack][oauth]") {
  std::string error;
  auto inst = installation_from_oauth(rotating_install(), 5 * hour, error);
  REQUIRE(inst);
  CHECK(inst->key() == "-:T1");
  CHECK(inst->team_name == "Kowhai School");
  CHECK(inst->bot_user_id == "UBOT");
  CHECK(inst->installer_user_id == "U9");
  CHECK(inst->bot_token == "xoxe.xoxb-1-first");
  CHECK(inst->refresh_token == "xoxe-1-refresh-first");
  CHECK(inst->expires_at_ms == 5 * hour + 12 * hour);
  CHECK(inst->rotates());

  json j = *inst;
  auto back = j.get<installation>();
  CHECK(back.key() == inst->key());
  CHECK(back.bot_token == inst->bot_token);
  CHECK(back.expires_at_ms == inst->expires_at_ms);

  CHECK(apply_refresh(*inst, json{{"ok", true}, {"access_token", "xoxe.xoxb-1-second"},
                                   {"refresh_token", "xoxe-1-refresh-second"}, {"expires_in", 43200}},
                      16 * hour, error));
  CHECK(inst->bot_token == "xoxe.xoxb-1-second");
  CHECK(inst->refresh_token == "xoxe-1-refresh-second");
  CHECK(inst->expires_at_ms == 28 * hour);
  CHECK_FALSE(apply_refresh(*inst, json{{"ok", false}, {"error", "invalid_refresh_token"}}, 17 * hour, error));
  CHECK(error == "invalid_refresh_token");
  CHECK(inst->bot_token == "xoxe.xoxb-1-second");  // untouched by a failure

  // No rotation: no refresh token, never expires.
  auto plain = rotating_install();
  plain.erase("refresh_token");
  plain.erase("expires_in");
  auto p = installation_from_oauth(plain, 0, error);
  REQUIRE(p);
  CHECK_FALSE(p->rotates());

  // An org-wide install is keyed by its enterprise alone.
  auto org = rotating_install();
  org["is_enterprise_install"] = true;
  org["enterprise"] = {{"id", "E1"}, {"name", "Schools Org"}};
  org["team"] = nullptr;
  auto o = installation_from_oauth(org, 0, error);
  REQUIRE(o);
  CHECK(o->key() == "E1:-");

  CHECK_FALSE(installation_from_oauth(json{{"ok", false}, {"error", "invalid_code"}}, 0, error));
  CHECK(error == "invalid_code");
  CHECK_FALSE(installation_from_oauth(json::array(), 0, error));
  CHECK_FALSE(installation_from_oauth(json{{"ok", true}, {"team", {{"id", "T1"}}}}, 0, error));
}

TEST_CASE("refresh ahead: within 2 hours of expiry, a minute after a failure", "[app][slack][oauth]") {
  installation i;
  i.bot_token = "t";
  i.refresh_token = "r";
  i.expires_at_ms = 12 * hour;
  const long long ahead = 2 * hour, retry = 60'000;
  CHECK_FALSE(refresh_due(i, 0, ahead, 0, retry));
  CHECK_FALSE(refresh_due(i, 10 * hour - 1, ahead, 0, retry));
  CHECK(refresh_due(i, 10 * hour, ahead, 0, retry));
  CHECK(refresh_due(i, 13 * hour, ahead, 0, retry));  // already expired: still refreshed
  CHECK_FALSE(refresh_due(i, 11 * hour, ahead, 11 * hour - 30'000, retry));
  CHECK(refresh_due(i, 11 * hour, ahead, 11 * hour - 60'000, retry));
  i.refresh_token.clear();
  CHECK_FALSE(refresh_due(i, 13 * hour, ahead, 0, retry));  // rotation off
}

TEST_CASE("install pages: link with state and cookie, redirect stores the installation", "[app][slack][oauth]") {
  test::memory_store db;
  app::store_platform_records records(db, "slack");
  core::manual_clock clock(at_ms(1 * hour));
  fake_slack slack;
  int n = 0;
  oauth_pages pages(records, clock, oauth_settings(), slack.poster(), [](std::function<void()> f) { f(); },
                          [&n] { return "st" + std::to_string(++n); });

  auto page = pages.install({});
  const auto st1 = oauth_test_state(page);
  CHECK(page.status == 200);
  CHECK(page.content_type.rfind("text/html", 0) == 0);
  CHECK(page.body.find("https://slack.com/oauth/v2/authorize?client_id=123.456&amp;scope=commands%2Cchat%3Awrite") !=
        std::string::npos);
  CHECK(page.body.find("redirect_uri=https%3A%2F%2Fbot.example.nz%2Fslack%2Foauth_redirect") != std::string::npos);
  CHECK(st1.rfind("st1.", 0) == 0);
  CHECK(page.body.find("state=" + st1) != std::string::npos);
  CHECK(header(page, "Cache-Control") == "no-store");

  http::response got;
  const auto respond = [&got](http::response r) { got = std::move(r); };

  // Wrong cookie: 400, nothing called, nothing stored.
  pages.redirect(redirect_request("code=c1&state=" + st1, "slack-app-oauth-state=other"), respond);
  CHECK(got.status == 400);
  CHECK(got.body.find("different browser") != std::string::npos);
  CHECK(slack.calls.empty());

  const auto st2 = oauth_test_state(pages.install({}));
  slack.answers.push_back(rotating_install());
  pages.redirect(redirect_request("code=c2&state=" + st2, "slack-app-oauth-state=" + st2), respond);
  CHECK(got.status == 200);
  CHECK(got.body.find("Kowhai School") != std::string::npos);
  CHECK(got.body.find("xoxe") == std::string::npos);
  REQUIRE(slack.calls.size() == 1);
  CHECK(slack.calls[0].first == "https://fake.slack/api/oauth.v2.access");
  CHECK(slack.field(0, "code") == "c2");
  CHECK(slack.field(0, "client_secret") == "shh-client-secret");
  CHECK(slack.field(0, "redirect_uri") == "https://bot.example.nz/slack/oauth_redirect");
  CHECK(installations(records).token_for("T1") == "xoxe.xoxb-1-first");
  CHECK(installations(records).token_for("T2").empty());

  // The same link again: already used.
  pages.redirect(redirect_request("code=c2&state=" + st2, "slack-app-oauth-state=" + st2), respond);
  CHECK(got.status == 400);
  CHECK(slack.calls.size() == 1);

  // Cancelled on Slack's page: a kind page, nothing called.
  const auto st3 = oauth_test_state(pages.install({}));
  pages.redirect(redirect_request("error=access_denied&state=" + st3, "slack-app-oauth-state=" + st3), respond);
  CHECK(got.status == 200);
  CHECK(got.body.find("not added") != std::string::npos);
  CHECK(slack.calls.size() == 1);

  // Slack refuses the code: 502, nothing stored.
  const auto st4 = oauth_test_state(pages.install({}));
  slack.answers.push_back(json{{"ok", false}, {"error", "invalid_code"}});
  pages.redirect(redirect_request("code=old&state=" + st4, "slack-app-oauth-state=" + st4), respond);
  CHECK(got.status == 502);
  CHECK(got.body.find("invalid_code") != std::string::npos);
  CHECK(db.count(installations_collection) == 1);
}

TEST_CASE("install pages: a restart between the install page and the redirect", "[app][slack][oauth]") {
  test::memory_store db;
  app::store_platform_records records(db, "slack");
  core::manual_clock clock(at_ms(1 * hour));
  fake_slack slack;
  const auto inline_runner = [](std::function<void()> f) { f(); };
  std::string state;
  {
    oauth_pages before(records, clock, oauth_settings(), slack.poster(), inline_runner);
    const auto page = before.install({});
    REQUIRE(page.status == 200);
    state = oauth_test_state(page);
  }
  clock.advance(std::chrono::minutes(4));
  oauth_pages after(records, clock, oauth_settings(), slack.poster(), inline_runner);
  slack.answers.push_back(rotating_install());
  http::response got;
  after.redirect(redirect_request("code=c1&state=" + state, "slack-app-oauth-state=" + state),
                 [&got](http::response r) { got = std::move(r); });
  INFO(got.body);
  CHECK(got.status == 200);
  CHECK(installations(records).token_for("T1") == "xoxe.xoxb-1-first");
  CHECK(db.count(oauth_states_collection) == 1);  // spent, kept until it would have expired
}

TEST_CASE("refresher: swaps the pair ahead of expiry, retries a failure a minute later", "[app][slack][oauth]") {
  test::memory_store db;
  app::store_platform_records records(db, "slack");
  std::string error;
  auto inst = installation_from_oauth(rotating_install(), 0, error);  // expires at 12h
  REQUIRE(inst);
  store::transaction txn;
  txn.put(std::string(installations_collection), inst->key(), *inst);
  REQUIRE(db.commit(std::move(txn)));

  core::manual_clock clock(at_ms(9 * hour));
  fake_slack slack;
  token_refresher refresher(records, clock, oauth_settings(), slack.poster());
  CHECK(refresher.step() == 0);  // 3 hours left: not yet
  CHECK(slack.calls.empty());

  clock.set(at_ms(10 * hour + 1));
  CHECK(refresher.step() == 0);  // Slack unreachable: logged, kept
  REQUIRE(slack.calls.size() == 1);
  CHECK(slack.field(0, "grant_type") == "refresh_token");
  CHECK(slack.field(0, "refresh_token") == "xoxe-1-refresh-first");
  CHECK(installations(records).token_for("T1") == "xoxe.xoxb-1-first");

  slack.answers.push_back(json{{"ok", true}, {"access_token", "xoxe.xoxb-1-second"},
                               {"refresh_token", "xoxe-1-refresh-second"}, {"expires_in", 43200}});
  clock.advance(std::chrono::seconds(30));
  CHECK(refresher.step() == 0);  // too soon after the failure
  CHECK(slack.calls.size() == 1);
  clock.advance(std::chrono::seconds(31));
  CHECK(refresher.step() == 1);
  auto now = installations(records).for_team("T1");
  REQUIRE(now);
  CHECK(now->bot_token == "xoxe.xoxb-1-second");
  CHECK(now->refresh_token == "xoxe-1-refresh-second");
  CHECK(now->expires_at_ms == 10 * hour + 1 + 61'000 + 12 * hour);
  CHECK(refresher.step() == 0);  // fresh again
  CHECK(slack.calls.size() == 2);
}

TEST_CASE("installations: a Grid workspace finds its own install, else its own org's org-wide one", "[app][slack][oauth]") {
  test::memory_store db;
  app::store_platform_records records(db, "slack");
  store::transaction txn;
  installation org;
  org.enterprise_id = "E1";
  org.enterprise_install = true;
  org.bot_token = "xoxb-org";
  installation grid;
  grid.enterprise_id = "E2";
  grid.team_id = "T5";
  grid.bot_token = "xoxb-t5";
  txn.put(std::string(installations_collection), org.key(), org);
  txn.put(std::string(installations_collection), grid.key(), grid);
  REQUIRE(db.commit(std::move(txn)));
  // Which org each team was seen in (the pipeline's tenant_orgs).
  const org_lookup seen = [](const std::string& team) -> std::string {
    if (team == "T6") return "E1";
    if (team == "T8") return "E9";
    return "";
  };
  installations installs(records, seen);
  CHECK(installs.token_for("T5") == "xoxb-t5");
  CHECK(installs.token_for("T6") == "xoxb-org");  // seen in E1
  CHECK(installs.token_for("E1") == "xoxb-org");  // the org's own events
  CHECK(installs.token_for("").empty());
  CHECK(installs.all().size() == 2);
  // A team never seen in E1 does not borrow E1's token, even though it is the only org-wide one.
  CHECK(installs.token_for("T7").empty());
  CHECK(installs.token_for("T8").empty());  // seen in an org with no install
  CHECK_FALSE(installs.for_team("T7"));
  CHECK(installations(records).token_for("T6").empty());  // no record of where T6 was seen
}
