#include "adapters/slack/oauth_pages.hpp"

#include "adapters/slack/form.hpp"
#include "log/log.hpp"

namespace commonsbot::adapters::slack {
namespace {

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

http::response html_page(int status, std::string_view title, const std::string& body_html) {
  http::response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = "<!doctype html>\n<html lang=\"en-NZ\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>" + html_escape(title) + "</title>"
           "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;"
           "line-height:1.5;color:#222}a.add{display:inline-block;background:#2c5f2d;color:#fff;"
           "padding:.7rem 1.2rem;border-radius:6px;text-decoration:none;font-weight:600}</style>"
           "</head><body><h1>" + html_escape(title) + "</h1>\n" + body_html + "\n</body></html>\n";
  // The pages hold a one-time state: never cache them, never frame them.
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

std::string join(const std::vector<std::string>& v, char sep) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

http::response bad_state_page(state_check checked) {
  static constexpr const char* names[] = {"ok", "missing", "mismatched", "expired", "unknown"};
  log::warn("slack.oauth_bad_state").kv("check", names[static_cast<int>(checked)]);
  auto r = html_page(400, "That link didn't work",
                     "<p>" + html_escape(describe(checked)) + "</p>\n<p><a href=\"" + std::string(install_path) +
                         "\">Go to the Add to Slack page</a></p>");
  r.headers.emplace_back("Set-Cookie", clear_state_cookie());
  return r;
}

}  // namespace

oauth_pages::oauth_pages(platform_records& records, const core::clock& clock, adapters::slack::settings s,
                                     oauth_poster post, blocking_runner run_blocking,
                                     std::function<std::string()> random)
    : records_(records),
      clock_(clock),
      settings_(std::move(s)),
      post_(std::move(post)),
      run_blocking_(std::move(run_blocking)),
      states_(records, clock, state_signing_key(settings_.client_secret.reveal(), settings_.signing_secret.reveal()),
              std::move(random)),
      rate_({settings_.install_rate_per_minute, settings_.install_rate_burst, settings_.install_rate_clients}) {}

void oauth_pages::mount(http::router& routes) {
  // The install page only signs a state: cheap enough for the server's threads. The
  // redirect spends a state (a commit) and calls Slack: redirect() queues it elsewhere.
  routes.add("GET", std::string(install_path), [this](http::request req, http::responder respond) {
    if (auto refused = over_rate(req)) return respond(std::move(*refused));
    respond(install(req));
  });
  routes.add("GET", std::string(redirect_path),
             [this](http::request req, http::responder respond) { redirect(req, std::move(respond)); });
}

std::string oauth_pages::authorize_link(const std::string& state) const {
  using adapters::slack::url_encode;
  return settings_.authorize_url + "?client_id=" + url_encode(settings_.client_id) +
         "&scope=" + url_encode(join(settings_.scopes, ',')) + "&redirect_uri=" + url_encode(settings_.redirect_url) +
         "&state=" + url_encode(state);
}

http::response oauth_pages::install(const http::request&) {
  const std::string state = states_.issue();
  if (state.empty()) {
    log::error("slack.oauth_no_randomness");
    return html_page(503, "Please try again", "<p>The bot could not start an install just now. Please reload this page in a minute.</p>");
  }
  const std::string link = html_escape(authorize_link(state));
  auto r = html_page(200, "Add Commons Bot to Slack",
                "<p>Commons Bot helps library staff and teachers share plans, conversation starters and "
                "handy nudges, right inside Slack.</p>\n"
                "<p><a class=\"add\" href=\"" + link + "\">Add to Slack</a></p>\n"
                "<p>This link works for 10 minutes, in this browser. If it runs out, just reload this page.</p>");
  r.headers.emplace_back("Set-Cookie", state_cookie(state));
  return r;
}

std::optional<http::response> oauth_pages::over_rate(const http::request& req) {
  const auto d = rate_.take(http::client_address(req.remote), core::to_epoch_ms(clock_.now()));
  if (d.allowed) return std::nullopt;
  log::warn("slack.oauth_rate_limited").kv("remote", http::client_address(req.remote)).kv("path", req.path);
  auto r = html_page(429, "Please slow down",
                     "<p>This page has been loaded a lot from your network in the last minute. Please wait a "
                     "minute, then reload it.</p>");
  r.headers.emplace_back("Retry-After", std::to_string(d.retry_after_s));
  return r;
}

void oauth_pages::redirect(const http::request& req, http::responder respond) {
  if (auto refused = over_rate(req)) return respond(std::move(*refused));
  // A state that is missing, not signed here or expired needs neither the store nor Slack.
  std::string parse_error;
  const auto query = adapters::slack::parse_form(req.query, parse_error);
  const std::string state = query ? adapters::slack::field(*query, "state") : std::string();
  if (const auto early = states_.precheck(state, cookie_value(req.header("Cookie"), oauth_state_cookie)))
    return respond(bad_state_page(*early));
  if (queued_.fetch_add(1) >= settings_.oauth_queue_limit) {
    --queued_;
    log::warn("slack.oauth_queue_full").kv("limit", settings_.oauth_queue_limit);
    auto r = html_page(503, "Please try again",
                       "<p>Lots of installs are finishing at once. Please reload this page in a few seconds.</p>");
    r.headers.emplace_back("Retry-After", "5");
    return respond(std::move(r));
  }
  run_blocking_([this, req, respond = std::move(respond)] {
    http::response r;
    try {
      r = complete(req);
    } catch (const std::exception& e) {
      log::error("slack.install_failed").kv("error", e.what());
      r = html_page(500, "The install didn't finish",
                    "<p>Something went wrong on our side. Nothing was changed. Please <a href=\"" +
                        std::string(install_path) + "\">try again</a>.</p>");
    }
    --queued_;
    respond(std::move(r));
  });
}

http::response oauth_pages::complete(const http::request& req) {
  std::string parse_error;
  auto query = adapters::slack::parse_form(req.query, parse_error);
  const auto field = [&](const char* name) {
    return query ? adapters::slack::field(*query, name) : std::string();
  };
  const std::string state = field("state");
  const auto checked = states_.consume(state, cookie_value(req.header("Cookie"), oauth_state_cookie));
  if (checked != state_check::ok) return bad_state_page(checked);
  if (!field("error").empty() || field("code").empty()) {
    // The person pressed Cancel on Slack's page (error=access_denied): nothing to store.
    auto r = html_page(200, "Nothing was installed",
                  "<p>No worries: Commons Bot was not added. If you change your mind, "
                  "<a href=\"" + std::string(install_path) + "\">start again here</a>.</p>");
    r.headers.emplace_back("Set-Cookie", clear_state_cookie());
    return r;
  }
  auto answer = exchange_code(settings_, post_, field("code"));
  const long long now = core::to_epoch_ms(clock_.now());
  std::string error = answer.error;
  std::optional<installation> inst;
  if (answer.ok) inst = installation_from_oauth(answer.body, now, error);
  if (inst) {
    record_changes changes;
    changes.put(std::string(installations_collection), inst->key(), *inst);
    if (auto failed = records_.commit(std::move(changes)); !failed.empty()) {
      log::error("slack.installation_not_saved").kv("team", inst->team_id).kv("error", failed);
      inst.reset();
      error = "the bot could not save the installation";
    }
  }
  http::response r;
  if (inst) {
    log::info("slack.installed")
        .kv("team", inst->team_id)
        .kv("enterprise", inst->enterprise_id)
        .kv("rotates", inst->rotates() ? "yes" : "no");
    const std::string where = inst->team_name.empty() ? std::string("your workspace") : inst->team_name;
    r = html_page(200, "Commons Bot is ready",
             "<p>Commons Bot is now in <strong>" + html_escape(where) + "</strong>. "
             "Back in Slack, type <code>/library help</code> to see what it can do.</p>");
  } else {
    log::warn("slack.install_failed").kv("error", error);  // Slack's code or ours: never a token
    r = html_page(502, "The install didn't finish",
             "<p>Slack didn't complete the install (" + html_escape(error) + "). Nothing was changed. "
             "Please <a href=\"" + std::string(install_path) + "\">try again</a>; if it keeps "
             "happening, ask whoever looks after the bot to check its Slack settings.</p>");
  }
  r.headers.emplace_back("Set-Cookie", clear_state_cookie());
  return r;
}

}  // namespace commonsbot::adapters::slack
