#include "adapters/slack/slack_adapter.hpp"

#include "adapters/slack/block_kit.hpp"
#include "adapters/slack/form.hpp"
#include "adapters/slack/inbound.hpp"
#include "adapters/slack/signature.hpp"
#include "adapters/slack/web_api.hpp"
#include "core/text.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::adapters::slack {
namespace {

using nlohmann::json;

constexpr std::string_view form_type = "application/x-www-form-urlencoded";
constexpr std::string_view json_type = "application/json";

// ssl_check is Slack's only unsigned request: a form body with ssl_check=1. It is answered
// with an empty 200 and nothing else in the body is ever looked at.
bool is_ssl_check(const http::request& req) {
  if (media_type(req.header("Content-Type")) != form_type) return false;
  std::string error;
  auto form = parse_form(req.body, error);
  return form && field(*form, "ssl_check") == "1";
}

bool all_utf8(const form_fields& f) {
  for (const auto& [k, v] : f)
    if (!core::is_valid_utf8(k) || !core::is_valid_utf8(v)) return false;
  return true;
}

// A command's reply in the response body: blocks within the limits, ephemeral by default.
// Written as JSON text directly (block_kit.hpp): this runs on every command.
http::response reply_body(const settings& s, const core::message& m) {
  return http::response::json(200, command_reply_json(m.ephemeral ? "ephemeral" : s.response_type, m));
}

// A modal's submission: the fields to fix keep the modal open with Slack's error under each
// (keyed by block id, which is the field id); otherwise the modal closes.
http::response form_answer(const std::vector<core::outcome>& results) {
  if (!results.empty() && !results.front().field_errors.empty())
    return http::response::json(200, json{{"response_action", "errors"}, {"errors", results.front().field_errors}}
                                         .dump(-1, ' ', false, json::error_handler_t::replace));
  return http::response::json(200, R"({"response_action":"clear"})");
}

}  // namespace

slack_adapter::slack_adapter(settings s, const core::clock& clock) : settings_(std::move(s)), clock_(clock) {}

std::vector<route> slack_adapter::routes() const { return {{"POST", std::string(events_path)}}; }

verification slack_adapter::verify(const http::request& req) const {
  if (is_ssl_check(req)) return verification::pass();
  return verify_signature(settings_.signing_secret.reveal(), req.header("X-Slack-Request-Timestamp"),
                          req.header("X-Slack-Signature"), req.body, clock_.now());
}

inbound slack_adapter::parse(const http::request& req) const {
  const parse_context ctx{settings_, clock_.now()};
  const auto content_type = req.header("Content-Type");
  if (content_type.empty())
    return reject("missing_content_type", "Content-Type must be application/x-www-form-urlencoded or application/json");
  const std::string type = media_type(content_type);
  if (!req.header("X-Slack-Retry-Num").empty())
    log::info("slack.retry").kv("num", req.header("X-Slack-Retry-Num")).kv("reason", req.header("X-Slack-Retry-Reason"));

  if (type == form_type) {
    std::string error;
    auto form = parse_form(req.body, error);
    if (!form) return reject("malformed_form", error);
    if (field(*form, "ssl_check") == "1") return nothing_to_do();
    if (!all_utf8(*form)) return reject("invalid_utf8", "a form field is not valid UTF-8");
    if (auto p = form->find("payload"); p != form->end()) {
      auto payload = json::parse(p->second, nullptr, false);
      if (payload.is_discarded()) return reject("malformed_json", "the payload field is not valid JSON");
      return parse_interaction(payload, ctx);
    }
    if (form->contains("command")) return parse_command(*form, ctx);
    return reject("unknown_request", "a form body needs a command or a payload field");
  }
  if (type == json_type) {
    if (!core::is_valid_utf8(req.body)) return reject("invalid_utf8", "the body is not valid UTF-8");
    auto body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return reject("malformed_json", "the body is not valid JSON");
    return parse_events_api(body, ctx);
  }
  inbound in;
  in.rejection = http::response::json_error(415, "unsupported_media_type",
                                            "Content-Type must be application/x-www-form-urlencoded or application/json");
  return in;
}

http::response slack_adapter::acknowledge(const inbound& in, const std::vector<core::outcome>& results) const {
  for (const auto& r : results)
    if (r.result == core::outcome::status::unavailable)
      return http::response::json_error(503, "unavailable", "The bot cannot save right now; please retry.");
  const auto failed = [](const core::outcome& r) { return r.result == core::outcome::status::failed; };
  if (std::any_of(results.begin(), results.end(), failed)) {
    // A slash command's answer carries the apology to the person; anything else says 500.
    if (in.ack == ack_style::reply_in_body && results.size() == 1 && !results.front().replies.empty())
      return reply_body(settings_, results.front().replies.front());
    return failed_answer();
  }
  if (in.ack == ack_style::synchronous_body) return form_answer(results);
  if (in.ack == ack_style::reply_in_body && !results.empty() && results.front().result == core::outcome::status::done &&
      !results.front().replies.empty())
    return reply_body(settings_, results.front().replies.front());
  // Slack wants a 2xx; an empty body is a silent ack (a duplicate, an event, a button).
  return http::response::text(200, "");
}

std::vector<outbound_request> slack_adapter::render(const core::message& m, const core::conversation_ref& to) const {
  if (!tokens_) return render_requests(settings_, m, to);
  settings with_token = settings_;
  with_token.bot_token = secret_value(tokens_(to.tenant));
  auto requests = render_requests(with_token, m, to);
  if (!with_token.bot_token.reveal().empty()) return requests;
  // No installation covers the team: every Web API call (the parts that would carry a
  // token) fails closed and the entry is dead-lettered with the reason. A response_url
  // needs no token and still goes.
  log::warn("slack.no_installation").kv("team", to.tenant);
  for (auto& r : requests)
    for (auto h = r.headers.begin(); h != r.headers.end(); ++h)
      if (h->first == "Authorization") {
        r.headers.erase(h);
        r.unsendable = "no Slack installation covers workspace " + to.tenant +
                       " (install the app there through /slack/install); not sent";
        break;
      }
  return requests;
}

}  // namespace commonsbot::adapters::slack
