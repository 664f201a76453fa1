#include "http/message.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; };
    if (lower(static_cast<unsigned char>(a[i])) != lower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

std::string_view request::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return {};
}

response response::json_error(int status, std::string_view code, std::string_view message) {
  // `replace` so that a message quoting invalid UTF-8 from a client cannot make this throw.
  const nlohmann::json body = {{"error", code}, {"message", message}};
  return json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

response response::json(int status, std::string body) {
  response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

response response::text(int status, std::string body) {
  response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(body);
  return r;
}

response response::deferred(std::function<response()> make) {
  response r;
  r.make = std::move(make);
  return r;
}

response settle(response r) {
  if (!r.make) return r;
  response made = r.make();
  made.make = nullptr;  // one level only: a deferred response is not made twice
  return made;
}

}  // namespace commonsbot::http
