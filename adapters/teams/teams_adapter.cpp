#include "adapters/teams/teams_adapter.hpp"

#include "adapters/teams/activity.hpp"
#include "adapters/teams/card_actions.hpp"
#include "adapters/teams/cards.hpp"
#include "adapters/teams/connector.hpp"
#include "adapters/teams/task_form.hpp"
#include "adapters/teams/token_check.hpp"
#include "core/form.hpp"
#include "core/json_fields.hpp"
#include "log/log.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::adapters::teams {
namespace {

using nlohmann::json;

http::response json_answer(const json& body) {
  return http::response::json(200, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

// The answer to an Action.Execute: the redrawn card (or the reply as a toast). Teams treats
// an empty answer as a failure and sends the invoke again, so there is always one.
http::response card_action_answer(const std::vector<core::outcome>& results, const card_options& cards) {
  if (!results.empty() && !results.front().replies.empty())
    return json_answer(execute_answer(results.front().replies.front(), cards));
  if (!results.empty() && results.front().result == core::outcome::status::duplicate)
    return json_answer(message_answer("That's done already."));
  return json_answer(message_answer("Done."));
}

// task/fetch: the flow's form as a task module; a refusal or anything else as a message.
http::response task_fetch_http(const std::vector<core::outcome>& results) {
  if (!results.empty() && !results.front().replies.empty()) {
    const auto& first = results.front().replies.front();
    if (auto f = core::form_of(first)) return json_answer(task_fetch_answer(*f));
    return json_answer(task_done_answer(core::plain_text(first)));
  }
  return json_answer(task_done_answer("That form isn't available here."));
}

// task/submit: the form again with each field's problem under it, or a short thanks (the
// flow's next words go to the chat through the outbox).
http::response task_submit_http(const inbound& in, const std::vector<core::outcome>& results) {
  if (!results.empty() && !results.front().field_errors.empty()) {
    std::optional<core::form> f;
    for (const auto& reply : results.front().replies)
      if (!f) f = core::form_of(reply);
    const auto& values = in.events.empty() ? std::map<std::string, std::string>{} : in.events.front().fields;
    if (f) return json_answer(task_errors_answer(*f, values, results.front().field_errors));
    std::string words = "Please check: ";
    for (const auto& [field, problem] : results.front().field_errors) words += problem + " ";
    return json_answer(task_done_answer(words));
  }
  // Accepted: what the flow says next is on its way to the chat, buttons and all.
  return json_answer(task_done_answer("Thanks, that's in. Carry on in the chat."));
}

}  // namespace

teams_adapter::teams_adapter(settings s, const core::clock& clock, token_poster fetch)
    : settings_(std::move(s)),
      clock_(clock),
      tokens_(settings_, fetch, [&clock] { return core::to_epoch_ms(clock.now()); }) {
  refresh_policy policy;
  policy.metadata_url = settings_.openid_metadata_url;
  auto get = [fetch](const std::string& url) {
    fetch::request r;
    r.url = url;
    r.timeout = std::chrono::seconds(10);
    r.max_bytes = 1024 * 1024;
    const auto got = fetch(r);
    fetch_answer a;
    a.status = static_cast<int>(got.status);
    a.body = got.body;
    a.error = got.error;
    return a;
  };
  refresher_ = std::make_unique<key_refresher>(keys_, policy, get, [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  });
}

teams_adapter::~teams_adapter() { stop(); }

std::vector<route> teams_adapter::routes() const { return {{"POST", std::string(messages_path)}}; }

verification teams_adapter::verify(const http::request& req) const {
  token_rules rules;
  rules.app_id = settings_.app_id;
  rules.now = core::to_epoch_ms(clock_.now()) / 1000;
  const auto keys = keys_.load();
  const token_result token = verify_token(req.header("Authorization"), keys.get(), rules);
  if (!token.ok) {
    if (token.code == "unknown_kid") refresher_->request_refresh();
    return token.as_verification();
  }
  // The token is good: now the body may be read, for the two facts it must agree on.
  const json a = json::parse(req.body, nullptr, false);
  if (!a.is_object()) return verification::fail(400, "malformed_activity", "the body must be a JSON activity");
  return check_activity(token, core::string_field(a, "channelId"), core::string_field(a, "serviceUrl"));
}

inbound teams_adapter::parse(const http::request& req) const {
  const json a = json::parse(req.body, nullptr, false);
  if (a.is_discarded()) {
    inbound in;
    in.rejection = http::response::json_error(400, "malformed_activity", "the body must be a JSON activity");
    return in;
  }
  return parse_activity(a, settings_);
}

http::response teams_adapter::acknowledge(const inbound& in, const std::vector<core::outcome>& results) const {
  for (const auto& r : results)
    if (r.result == core::outcome::status::unavailable)
      return http::response::json_error(503, "unavailable", "The bot cannot save right now; please retry.");
  for (const auto& r : results)
    // An invoke's answer below carries the apology to the person; a plain activity says 500.
    if (r.result == core::outcome::status::failed && in.answer_kind.empty()) return failed_answer();
  card_options cards;
  cards.max_activity_bytes = settings_.max_activity_bytes;
  if (in.answer_kind == answer_card_action) return card_action_answer(results, cards);
  if (in.answer_kind == answer_task_fetch) return task_fetch_http(results);
  if (in.answer_kind == answer_task_submit) return task_submit_http(in, results);
  return http::response::json(200, "{}");
}

std::vector<outbound_request> teams_adapter::render(const core::message& m, const core::conversation_ref& to) const {
  connector_settings c;
  c.app_id = settings_.app_id;
  c.cards.max_activity_bytes = settings_.max_activity_bytes;
  // A conversation the bot has not heard from (a staff channel from the config) goes
  // through the default Connector address.
  core::conversation_ref where = to;
  if (where.service_url.empty()) where.service_url = settings_.default_service_url;
  auto parts = render_requests(c, m, where);
  if (parts.empty()) return parts;
  const std::string token = tokens_.token();
  for (auto& p : parts) {
    p.headers.emplace_back("Content-Type", "application/json");
    if (!token.empty()) p.headers.emplace_back("Authorization", "Bearer " + token);
  }
  return parts;
}

void teams_adapter::start(core::event_sink&) { refresher_->start(); }

void teams_adapter::stop() { refresher_->stop(); }

}  // namespace commonsbot::adapters::teams
