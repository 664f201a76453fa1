#include "adapters/slack/oauth_client.hpp"

#include "adapters/slack/form.hpp"

#include <curl/curl.h>

#include <memory>

namespace commonsbot::adapters::slack {
namespace {

bool loopback_http(const std::string& url) {
  for (const char* prefix : {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/"})
    if (url.rfind(prefix, 0) == 0) return true;
  return false;
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  auto& body = *static_cast<std::string*>(out);
  const std::size_t n = size * count;
  if (body.size() + n > 1024 * 1024) return 0;  // Slack's answers are small: a huge one is wrong
  body.append(data, n);
  return n;
}

}  // namespace

oauth_answer post_form(const std::string& url, const form_list& fields, std::chrono::milliseconds timeout) {
  oauth_answer out;
  if (url.rfind("https://", 0) != 0 && !loopback_http(url)) {
    out.error = "the Slack API URL must start with https://";
    return out;
  }
  std::string body;
  for (const auto& [k, v] : fields) {
    if (!body.empty()) body += '&';
    body += adapters::slack::url_encode(k) + "=" + adapters::slack::url_encode(v);
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    out.error = "could not start libcurl";
    return out;
  }
  std::string received;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/x-www-form-urlencoded");
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    out.error = curl_easy_strerror(rc);  // says what failed, never what was sent
    return out;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  out.body = nlohmann::json::parse(received, nullptr, false);
  if (out.body.is_discarded() || !out.body.is_object()) {
    out.error = "Slack answered HTTP " + std::to_string(out.status) + " without a JSON object";
    out.body = nlohmann::json();
    return out;
  }
  out.ok = true;
  return out;
}

oauth_answer exchange_code(const adapters::slack::settings& s, const oauth_poster& post, const std::string& code) {
  form_list fields{{"client_id", s.client_id}, {"client_secret", s.client_secret.reveal()}, {"code", code}};
  if (!s.redirect_url.empty()) fields.emplace_back("redirect_uri", s.redirect_url);
  return post(s.api_base_url + "/oauth.v2.access", fields);
}

oauth_answer refresh_token(const adapters::slack::settings& s, const oauth_poster& post, const std::string& token) {
  return post(s.api_base_url + "/oauth.v2.access", {{"client_id", s.client_id},
                                                    {"client_secret", s.client_secret.reveal()},
                                                    {"grant_type", "refresh_token"},
                                                    {"refresh_token", token}});
}

}  // namespace commonsbot::adapters::slack
