// A small HTTPS server for tests on 127.0.0.1 (a port the OS chooses), so code that fetches
// over TLS can be tested with verification left on. At start it makes a self-signed
// certificate for the IP address 127.0.0.1 (subjectAltName IP:127.0.0.1) and writes it to a
// temporary PEM file: a client that trusts that file (fetch::request::ca_file) verifies the
// server like any other, and one that does not refuses it.
//
//   tls_server tls;
//   tls.on("/old.ics", tls_response::redirect(tls.url("/new.ics")));
//   tls.on("/new.ics", tls_response::ok("BEGIN:VCALENDAR"));
//   fetch::request req;
//   req.url = tls.url("/old.ics");
//   req.ca_file = tls.ca_file().string();
//   ... fetch::get(req) ...;  tls.requests() == {"/old.ics", "/new.ics"}
//
// Each request is answered from a table of fixed answers by its path (404 when none), with
// "Connection: close". One connection at a time on the server's own thread: enough for
// redirects and certificate checks, not a load server. OpenSSL stays in tls_server.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace commonsbot::test {

struct tls_response {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static tls_response ok(std::string body);
  static tls_response redirect(std::string location, int status = 302);  // 302 Found
};

class tls_server {
 public:
  tls_server();
  ~tls_server();
  tls_server(const tls_server&) = delete;
  tls_server& operator=(const tls_server&) = delete;

  std::uint16_t port() const;
  std::string url(std::string_view path) const;  // "https://127.0.0.1:<port><path>"
  // The server's certificate (PEM): the only authority a client needs to trust it.
  const std::filesystem::path& ca_file() const;

  // Answers requests for exactly `path` (the target, query included) with `r`.
  void on(std::string path, tls_response r);
  // The targets of the requests read so far, in order; a connection whose TLS handshake
  // failed (the client refused the certificate) adds none.
  std::vector<std::string> requests() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace commonsbot::test
