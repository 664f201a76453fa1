#include "support/tls_server.hpp"

#include "support/temp_dir.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace commonsbot::test {
namespace {

// Names carry a tls_ prefix: the support library is a unity build, and teams_tokens.cpp has
// deleters of its own.
struct tls_pkey_free {
  void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct tls_x509_free {
  void operator()(X509* cert) const noexcept { X509_free(cert); }
};
struct tls_ctx_free {
  void operator()(SSL_CTX* ctx) const noexcept { SSL_CTX_free(ctx); }
};
struct tls_ssl_free {
  void operator()(SSL* ssl) const noexcept { SSL_free(ssl); }
};
struct tls_bio_free {
  void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};

[[noreturn]] void tls_failed(const std::string& what) { throw std::runtime_error("tls_server: " + what); }

// A self-signed certificate for 127.0.0.1, valid from a minute ago for a day. CA:TRUE, as
// `openssl req -x509` makes, so the one certificate is both the server's and the authority
// a client trusts; curl checks the address against the subjectAltName.
std::unique_ptr<X509, tls_x509_free> tls_make_certificate(EVP_PKEY* key) {
  std::unique_ptr<X509, tls_x509_free> cert(X509_new());
  if (!cert) tls_failed("X509_new");
  X509_set_version(cert.get(), 2);  // v3, for the extensions
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 60 * 60);
  if (X509_set_pubkey(cert.get(), key) != 1) tls_failed("X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);

  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  // The subject key id comes before the authority key id, which is read from it.
  const std::pair<int, const char*> extensions[] = {
      {NID_basic_constraints, "critical,CA:TRUE"},
      {NID_subject_key_identifier, "hash"},
      {NID_authority_key_identifier, "keyid:always"},
      {NID_subject_alt_name, "IP:127.0.0.1"},
  };
  for (const auto& [nid, value] : extensions) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext) tls_failed(std::string("certificate extension ") + value);
    const int added = X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
    if (added != 1) tls_failed(std::string("X509_add_ext ") + value);
  }
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) tls_failed("X509_sign");
  return cert;
}

std::string tls_pem(X509* cert) {
  const std::unique_ptr<BIO, tls_bio_free> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) tls_failed("PEM_write_bio_X509");
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

std::string tls_reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 307: return "Temporary Redirect";
    case 404: return "Not Found";
    default: return "Status";
  }
}

}  // namespace

tls_response tls_response::ok(std::string body) {
  tls_response r;
  r.body = std::move(body);
  return r;
}

tls_response tls_response::redirect(std::string location, int status) {
  tls_response r;
  r.status = status;
  r.headers = {{"Location", std::move(location)}};
  return r;
}

struct tls_server::impl {
  temp_dir dir{"commonsbot-tls"};
  std::filesystem::path cert_file = dir / "server-cert.pem";
  std::unique_ptr<SSL_CTX, tls_ctx_free> ctx;
  int listen_fd = -1;
  std::uint16_t port = 0;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;
  std::map<std::string, tls_response> answers;
  std::vector<std::string> seen;
  std::thread thread;

  impl() {
    const std::unique_ptr<EVP_PKEY, tls_pkey_free> key(EVP_EC_gen("P-256"));  // quick to make, unlike RSA
    if (!key) tls_failed("EVP_EC_gen");
    const auto cert = tls_make_certificate(key.get());
    std::ofstream(cert_file) << tls_pem(cert.get());

    ctx.reset(SSL_CTX_new(TLS_server_method()));
    if (!ctx) tls_failed("SSL_CTX_new");
    if (SSL_CTX_use_certificate(ctx.get(), cert.get()) != 1 || SSL_CTX_use_PrivateKey(ctx.get(), key.get()) != 1 ||
        SSL_CTX_check_private_key(ctx.get()) != 1)
      tls_failed("the certificate or key was not taken");

    listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd < 0) tls_failed("socket");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;  // the OS chooses a free port
    socklen_t len = sizeof addr;
    if (::bind(listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd, 16) != 0 ||
        ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ::close(listen_fd);
      tls_failed("could not listen on 127.0.0.1");
    }
    port = ntohs(addr.sin_port);
    thread = std::thread([this] { serve(); });
  }

  ~impl() {
    stopping = true;
    if (thread.joinable()) thread.join();
    ::close(listen_fd);
  }

  void serve() {
    // A client that hangs up while we write must fail the write, not end the test program
    // with SIGPIPE; blocked on this thread only, so the rest of the program is unchanged.
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
    while (!stopping) {
      pollfd p{listen_fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;  // wakes to see `stopping`
      const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      answer(fd);
      ::close(fd);
      ERR_clear_error();  // a refused handshake leaves its reasons on this thread's queue
    }
  }

  void answer(int fd) {
    // A client that connects and then says nothing must not hold the server for ever.
    const timeval limit{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    const std::unique_ptr<SSL, tls_ssl_free> ssl(SSL_new(ctx.get()));
    if (!ssl || SSL_set_fd(ssl.get(), fd) != 1 || SSL_accept(ssl.get()) != 1) return;

    std::string head;
    char buf[4096];
    while (head.find("\r\n\r\n") == std::string::npos) {
      const int n = SSL_read(ssl.get(), buf, sizeof buf);
      if (n <= 0 || head.size() > 64 * 1024) return;
      head.append(buf, static_cast<std::size_t>(n));
    }
    // "GET /path HTTP/1.1": the target is between the first two spaces.
    const auto first = head.find(' ');
    const auto second = first == std::string::npos ? first : head.find(' ', first + 1);
    if (second == std::string::npos) return;
    const std::string target = head.substr(first + 1, second - first - 1);

    tls_response r;
    {
      std::lock_guard lock(mu);
      seen.push_back(target);
      const auto it = answers.find(target);
      if (it != answers.end()) r = it->second;
      else r = {404, "no such page", {}};
    }
    std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + tls_reason(r.status) + "\r\n";
    for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
    out += "Content-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n" + r.body;
    SSL_write(ssl.get(), out.data(), static_cast<int>(out.size()));
    SSL_shutdown(ssl.get());
  }
};

tls_server::tls_server() : impl_(std::make_unique<impl>()) {}

tls_server::~tls_server() = default;

std::uint16_t tls_server::port() const { return impl_->port; }

std::string tls_server::url(std::string_view path) const {
  return "https://127.0.0.1:" + std::to_string(impl_->port) + std::string(path);
}

const std::filesystem::path& tls_server::ca_file() const { return impl_->cert_file; }

void tls_server::on(std::string path, tls_response r) {
  std::lock_guard lock(impl_->mu);
  impl_->answers[std::move(path)] = std::move(r);
}

std::vector<std::string> tls_server::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->seen;
}

}  // namespace commonsbot::test
