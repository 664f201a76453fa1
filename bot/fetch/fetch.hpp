// Fetching a document over HTTP(S) for the bot's own use (calendars, feeds): one blocking
// GET through libcurl with a timeout, a size limit and a conditional request, so a source
// that has not changed costs a 304 and no parsing. TLS verification is always on.
// Also reads local files ("file:" paths or plain paths), so the same settings name either.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace commonsbot::fetch {

struct request {
  std::string url;              // http://, https://, file:// or a plain path
  std::string etag;             // from the last 200: sent as If-None-Match
  std::string last_modified;    // from the last 200: sent as If-Modified-Since
  std::chrono::milliseconds timeout = std::chrono::seconds(20);
  std::size_t max_bytes = 5 * 1024 * 1024;  // a bigger body is an error, not truncated
  // Extra request headers (name, value), e.g. an API's Authorization; web requests only.
  // Values may be secrets: fetch never logs them or puts them in an error.
  std::vector<std::pair<std::string, std::string>> headers;
  // Non-empty: POSTed as application/x-www-form-urlencoded instead of a GET (a token
  // endpoint's client credentials). Web addresses only; redirects are not followed, so the
  // body (it may hold a secret) goes only where it was addressed.
  std::string form_body;
  // Refuse to connect to loopback, private, link-local and other non-public addresses
  // (address_policy.hpp), checked on each address actually connected to, redirects
  // included: for addresses that people other than the operator may set (calendars, feeds).
  bool public_only = false;
  // A PEM file of certificate authorities to trust for https instead of the system's list
  // (a school whose calendar server has a certificate from its own internal authority).
  // Empty: the system's list. Either way the certificate and host name are always checked.
  std::string ca_file;
};

struct result {
  enum class outcome { fetched, not_modified, failed };
  outcome what = outcome::failed;
  long status = 0;              // the HTTP status (0 for files and transport errors)
  std::string body;             // fetched only
  std::string etag;             // the server's, to send next time (kept from the request on 304)
  std::string last_modified;
  std::string error;            // failed only: words for the library staff who set it up
};

// Fetches (or, with a form_body, posts) `r`; never throws. An https:// address is never
// followed to a plain http:// one.
result get(const request& r);

// "https://calendar.school.nz/…": a web address with everything after the host left out (a
// sharing link's path often holds its secret), for logs and for messages to staff. A file
// path is returned as it is.
std::string display_address(const std::string& url);

}  // namespace commonsbot::fetch
