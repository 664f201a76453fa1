#include "adapters/slack/inbound.hpp"

namespace commonsbot::adapters::slack {

inbound reject(std::string_view code, std::string_view message) {
  inbound in;
  in.rejection = http::response::json_error(400, code, message);
  return in;
}

inbound nothing_to_do() {
  inbound in;
  in.immediate = http::response::text(200, "");
  return in;
}

std::string text_at(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string id_in(const nlohmann::json& j, std::string_view object) {
  if (!j.is_object()) return {};
  auto it = j.find(object);
  return it != j.end() && it->is_object() ? text_at(*it, "id") : std::string{};
}

std::string trusted_response_url(const settings& s, const std::string& url) {
  if (s.response_url_prefix.empty() || url.compare(0, s.response_url_prefix.size(), s.response_url_prefix) != 0)
    return {};
  return url;
}

}  // namespace commonsbot::adapters::slack
