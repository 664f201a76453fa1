#include "fetch/fetch.hpp"

#include "fetch/address_policy.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>
#include <string_view>
#include <system_error>
#include <filesystem>

namespace commonsbot::fetch {
namespace {

constexpr long max_redirects = 5;

struct transfer {
  std::size_t max_bytes = 0;
  bool too_big = false;
  bool public_only = false;
  bool refused_address = false;  // public_only, and the name led to a non-public address
  std::string body;
  std::string etag;
  std::string last_modified;
  std::string location;  // the last response's Location, to say where a refused redirect led
};

std::string mb_words(std::size_t bytes) {
  const std::size_t mb = bytes / (1024 * 1024);
  if (mb * 1024 * 1024 == bytes && mb > 0) return std::to_string(mb) + " MB";
  if (bytes >= 1024) return std::to_string((bytes + 1023) / 1024) + " KB";
  return std::to_string(bytes) + " bytes";
}

std::string seconds_words(std::chrono::milliseconds ms) {
  const auto c = ms.count();
  if (c % 1000 == 0) return std::to_string(c / 1000) + " s";
  if (c >= 1000) return std::to_string(c / 1000) + "." + std::to_string((c % 1000) / 100) + " s";
  return std::to_string(c) + " ms";
}

std::string too_big_words(std::size_t max) {
  return "the document is bigger than " + mb_words(max) +
         "; check the address points at a calendar or feed, or ask for a smaller export";
}

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t len = size * n;
  if (t->body.size() + len > t->max_bytes) {
    t->too_big = true;
    return 0;  // tells libcurl to stop: CURLE_WRITE_ERROR
  }
  t->body.append(data, len);
  return len;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<transfer*>(user);
  const std::size_t len = size * n;
  std::string_view line(data, len);
  // Each response in a redirect chain starts with a status line: keep only the final one's.
  if (line.starts_with("HTTP/")) {
    t->etag.clear();
    t->last_modified.clear();
    t->location.clear();
    return len;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  const auto name = line.substr(0, colon);
  auto value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
  if (iequals(name, "ETag")) t->etag = std::string(value);
  if (iequals(name, "Last-Modified")) t->last_modified = std::string(value);
  if (iequals(name, "Location")) t->location = std::string(value);
  return len;
}

// Every connection libcurl opens passes here, redirects included, with the address it is
// about to connect to: checking it here (not the name) also catches a name that resolves to
// an inside address, whatever the DNS says by the time of the connect.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* t = static_cast<transfer*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && t->public_only && !is_public_address(&address->addr)) {
    t->refused_address = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

bool starts_with_nocase(std::string_view s, std::string_view prefix);

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// "calendar.school.nz" from a URL, for error words; the whole URL when it has no host.
std::string host_of(const std::string& url) {
  std::string host;
  if (CURLU* u = curl_url()) {
    if (curl_url_set(u, CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
      char* h = nullptr;
      if (curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK && h) host = h;
      curl_free(h);
    }
    curl_url_cleanup(u);
  }
  return host.empty() ? url : host;
}

std::string status_words(long status) {
  switch (status) {
    case 401:
    case 403: return "the server refused access (HTTP " + std::to_string(status) + "); check the address is the public or secret sharing link";
    case 404: return "the server has no such page (HTTP 404 not found); check the address";
    case 410: return "the calendar or feed has been removed (HTTP 410 gone); ask for its new address";
    case 429: return "the server asked us to slow down (HTTP 429); it will be tried again later";
    default: break;
  }
  if (status >= 500) return "the server had a problem (HTTP " + std::to_string(status) + "); it will be tried again later";
  if (status >= 300 && status < 400)
    return "the server redirected too often or without saying where (HTTP " + std::to_string(status) + ")";
  return "the server answered HTTP " + std::to_string(status) + " instead of the document";
}

std::string transport_words(CURLcode code, const request& r) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return "timed out after " + seconds_words(r.timeout);
    case CURLE_COULDNT_RESOLVE_HOST: return "no such server name; check the address for typos";
    case CURLE_COULDNT_CONNECT: return "the server did not accept a connection; check the address or try later";
    case CURLE_UNSUPPORTED_PROTOCOL: return "only http:// and https:// addresses (or a file path) can be fetched";
    case CURLE_URL_MALFORMAT: return "that is not a web address we can read; it should start with https://";
    case CURLE_TOO_MANY_REDIRECTS: return "the address redirected more than 5 times; use the final address";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
      return "its secure (https) certificate could not be checked; ask the site's owner, or your IT team";
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE: return "the connection was dropped before the whole document arrived; it will be tried again later";
    default: return std::string(curl_easy_strerror(code));
  }
}

result fail(const request& r, std::string what, long status = 0) {
  result out;
  out.what = result::outcome::failed;
  out.status = status;
  out.etag = r.etag;
  out.last_modified = r.last_modified;
  out.error = std::move(what);
  return out;
}

bool is_web(const std::string& url) {
  auto lower = url.substr(0, std::min<std::size_t>(url.size(), 8));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.starts_with("http://") || lower.starts_with("https://");
}

bool has_scheme(const std::string& url) {
  const auto colon = url.find("://");
  if (colon == std::string::npos || colon == 0) return false;
  return std::all_of(url.begin(), url.begin() + static_cast<std::ptrdiff_t>(colon),
                     [](unsigned char c) { return std::isalnum(c) || c == '+' || c == '-' || c == '.'; });
}

result read_file(const request& r) {
  std::string path = r.url;
  if (path.starts_with("file://")) path = path.substr(7);
  else if (path.starts_with("file:")) path = path.substr(5);
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) return fail(r, "could not read " + path + ": there is no such file");
  if (std::filesystem::is_directory(st)) return fail(r, "could not read " + path + ": it is a folder, not a file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > r.max_bytes) return fail(r, "could not read " + path + ": " + too_big_words(r.max_bytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(r, "could not read " + path + ": permission denied or unreadable");
  result out;
  out.body.reserve(static_cast<std::size_t>(ec ? 0 : size));
  char buf[64 * 1024];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    out.body.append(buf, static_cast<std::size_t>(in.gcount()));
    if (out.body.size() > r.max_bytes) return fail(r, "could not read " + path + ": " + too_big_words(r.max_bytes));
  }
  out.what = result::outcome::fetched;
  return out;
}

result read_web(const request& r) {
  global_init();
  CURL* e = curl_easy_init();
  if (!e) return fail(r, "could not reach " + host_of(r.url) + ": the web client could not start");
  transfer t;
  t.max_bytes = r.max_bytes;
  t.public_only = r.public_only;
  const bool secure = starts_with_nocase(r.url, "https://");
  curl_slist* headers = nullptr;
  if (!r.etag.empty()) headers = curl_slist_append(headers, ("If-None-Match: " + r.etag).c_str());
  if (!r.last_modified.empty()) headers = curl_slist_append(headers, ("If-Modified-Since: " + r.last_modified).c_str());
  for (const auto& [name, value] : r.headers) {
    // A line break would start another header: such a pair is dropped, not sent.
    if ((name + value).find_first_of("\r\n") != std::string::npos || name.empty()) continue;
    headers = curl_slist_append(headers, (name + ": " + value).c_str());
  }
  const long total_ms = std::max<long>(1, static_cast<long>(r.timeout.count()));
  const long connect_ms = std::min<long>(10'000, total_ms);
  curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, secure ? "https" : "http,https");
  if (r.public_only) {
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
  }
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, r.form_body.empty() ? 1L : 0L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, max_redirects);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!r.ca_file.empty()) {
    // Instead of the system's list, not as well: no folder of authorities is read beside it,
    // whatever libcurl was built to look in.
    curl_easy_setopt(e, CURLOPT_CAINFO, r.ca_file.c_str());
    curl_easy_setopt(e, CURLOPT_CAPATH, static_cast<char*>(nullptr));
  }
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, total_ms);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  if (r.form_body.empty()) {
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  } else {
    headers = curl_slist_append(headers, "Content-Type: application/x-www-form-urlencoded");
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.form_body.c_str());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, static_cast<long>(r.form_body.size()));
  }
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // gzip when the server offers it
  curl_easy_setopt(e, CURLOPT_USERAGENT, "CommonsBot/0.1 (school library)");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  // A Content-Length above the limit is refused before the body starts.
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_bytes));
  const CURLcode code = curl_easy_perform(e);
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(e);

  const std::string where = "could not fetch from " + host_of(r.url) + ": ";
  if (t.too_big || code == CURLE_FILESIZE_EXCEEDED) return fail(r, where + too_big_words(r.max_bytes), status);
  if (t.refused_address)
    return fail(r, "could not fetch from " + host_of(r.url) +
                       ": the address leads to this machine or a private network, which the bot does not fetch from "
                       "unless the admin allows it (fetch.allow_private_addresses in the config)");
  // https was the only scheme allowed for redirects, so a redirect asked for another: say
  // that the bot refused it on purpose (a bare curl error reads like a fault), and where an
  // http one led, by host only (the path may hold a secret).
  if (code == CURLE_UNSUPPORTED_PROTOCOL && secure) {
    if (starts_with_nocase(t.location, "http://"))
      return fail(r, where + "refused to follow a redirect from https to an insecure http address (" +
                         display_address(t.location) +
                         "), which anyone on the way could read or change; ask for an address that stays on https",
                  status);
    return fail(r, where + "refused to follow a redirect from https to an address that is not https; ask for an address "
                           "that stays on https",
                status);
  }
  if (code != CURLE_OK) return fail(r, "could not reach " + host_of(r.url) + ": " + transport_words(code, r), status);
  if (status == 304) {
    result out;
    out.what = result::outcome::not_modified;
    out.status = status;
    out.etag = t.etag.empty() ? r.etag : t.etag;
    out.last_modified = t.last_modified.empty() ? r.last_modified : t.last_modified;
    return out;
  }
  if (status < 200 || status > 299) return fail(r, where + status_words(status), status);
  result out;
  out.what = result::outcome::fetched;
  out.status = status;
  out.body = std::move(t.body);
  out.etag = std::move(t.etag);
  out.last_modified = std::move(t.last_modified);
  return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace

std::string display_address(const std::string& url) {
  for (std::string_view scheme : {"https://", "http://", "webcal://"}) {
    if (!starts_with_nocase(url, scheme)) continue;
    const std::string host = host_of(url);
    if (host == url) return std::string(scheme) + "…";  // unparsable: show nothing of it
    const auto after_host = url.find('/', scheme.size());
    const bool more = after_host != std::string::npos && after_host + 1 < url.size();
    return std::string(scheme) + host + (more || url.find('?') != std::string::npos ? "/…" : "");
  }
  return url;
}

result get(const request& r) {
  if (r.url.empty()) return fail(r, "no address given: name an https:// address or a file");
  if (is_web(r.url)) return read_web(r);
  if (!r.form_body.empty()) return fail(r, "could not post to " + r.url + ": only http:// and https:// addresses take a post");
  // Calendar apps hand out "webcal://" subscription links: the same document over https.
  if (r.url.size() > 9 && iequals(std::string_view(r.url).substr(0, 9), "webcal://")) {
    request web = r;
    web.url = "https://" + r.url.substr(9);
    return read_web(web);
  }
  if (has_scheme(r.url) && !r.url.starts_with("file:"))
    return fail(r, "could not fetch " + r.url + ": only http:// and https:// addresses (or a file path) can be fetched");
  return read_file(r);
}

}  // namespace commonsbot::fetch
