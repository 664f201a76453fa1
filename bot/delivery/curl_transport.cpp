#include "delivery/curl_transport.hpp"

#include <curl/curl.h>

#include <map>
#include <mutex>
#include <stdexcept>

namespace commonsbot::delivery {
namespace {

struct transfer {
  std::uint64_t token = 0;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string body;  // libcurl reads the request body from here; must outlive the transfer
  attempt_result result;
  std::size_t max_bytes = 0;
  bool truncated = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t len = size * n;
  const std::size_t room = t->max_bytes > t->result.body.size() ? t->max_bytes - t->result.body.size() : 0;
  t->result.body.append(data, std::min(len, room));
  return len;  // the rest is dropped, not an error
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t len = size * n;
  std::string_view line(data, len);
  // A new status line (after a 100 Continue or a redirect) starts a new header set.
  if (line.starts_with("HTTP/")) t->result.headers.clear();
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  if (t->result.headers.size() < 100) t->result.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return len;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
  });
}

}  // namespace

struct curl_transport::impl {
  transport_options opts;
  CURLM* multi = nullptr;
  std::map<CURL*, std::unique_ptr<transfer>> running;
  std::vector<std::pair<std::uint64_t, attempt_result>> done;

  void finish(CURL* easy, CURLcode code) {
    auto it = running.find(easy);
    if (it == running.end()) return;
    auto& t = *it->second;
    if (code == CURLE_OK) {
      long status = 0;
      curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
      t.result.status = static_cast<int>(status);
    } else {
      t.result.status = 0;
      t.result.timed_out = code == CURLE_OPERATION_TIMEDOUT;
      t.result.transport_error = curl_easy_strerror(code);
      t.result.refused = code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_URL_MALFORMAT;
    }
    done.emplace_back(t.token, std::move(t.result));
    curl_multi_remove_handle(multi, easy);
    curl_slist_free_all(t.headers);
    curl_easy_cleanup(easy);
    running.erase(it);
  }
};

curl_transport::curl_transport(transport_options o) : impl_(std::make_unique<impl>()) {
  global_init();
  impl_->opts = o;
  impl_->multi = curl_multi_init();
  if (!impl_->multi) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(impl_->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(impl_->multi, CURLMOPT_MAX_HOST_CONNECTIONS, o.max_host_connections);
}

curl_transport::~curl_transport() {
  for (auto& [easy, t] : impl_->running) {
    curl_multi_remove_handle(impl_->multi, easy);
    curl_slist_free_all(t->headers);
    curl_easy_cleanup(easy);
  }
  curl_multi_cleanup(impl_->multi);
}

void curl_transport::start(std::uint64_t token, const adapters::outbound_request& r) {
  auto t = std::make_unique<transfer>();
  t->token = token;
  t->max_bytes = impl_->opts.max_response_bytes;
  t->body = r.body;
  CURL* e = curl_easy_init();
  if (!e) {
    attempt_result failed;
    failed.transport_error = "curl_easy_init failed";
    impl_->done.emplace_back(token, std::move(failed));
    return;
  }
  t->easy = e;
  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, impl_->opts.allow_plain_http ? "http,https" : "https");
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, impl_->opts.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, impl_->opts.total_timeout_ms);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // a platform API never redirects a send
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
  curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
  if (r.method == "GET") {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(t->body.size()));
    if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
  }
  // No "Expect: 100-continue" round trip before larger bodies.
  t->headers = curl_slist_append(t->headers, "Expect:");
  for (const auto& [name, value] : r.headers) t->headers = curl_slist_append(t->headers, (name + ": " + value).c_str());
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
  curl_multi_add_handle(impl_->multi, e);
  impl_->running.emplace(e, std::move(t));
}

void curl_transport::poll(int timeout_ms) {
  int still = 0;
  curl_multi_perform(impl_->multi, &still);
  int msgs = 0;
  while (CURLMsg* m = curl_multi_info_read(impl_->multi, &msgs))
    if (m->msg == CURLMSG_DONE) impl_->finish(m->easy_handle, m->data.result);
  if (!impl_->done.empty()) return;  // results waiting: let the caller act first
  curl_multi_poll(impl_->multi, nullptr, 0, timeout_ms, nullptr);
  curl_multi_perform(impl_->multi, &still);
  while (CURLMsg* m = curl_multi_info_read(impl_->multi, &msgs))
    if (m->msg == CURLMSG_DONE) impl_->finish(m->easy_handle, m->data.result);
}

std::vector<std::pair<std::uint64_t, attempt_result>> curl_transport::take_completed() {
  std::vector<std::pair<std::uint64_t, attempt_result>> out;
  out.swap(impl_->done);
  return out;
}

void curl_transport::wakeup() { curl_multi_wakeup(impl_->multi); }

std::size_t curl_transport::active() const { return impl_->running.size(); }

}  // namespace commonsbot::delivery
