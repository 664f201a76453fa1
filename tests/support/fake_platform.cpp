#include "support/fake_platform.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

namespace commonsbot::test {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;

namespace {
constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
constexpr std::chrono::seconds idle_limit{30};
}  // namespace

fake_response fake_response::ok(std::string body) {
  fake_response r;
  r.body = std::move(body);
  return r;
}
fake_response fake_response::too_many(int retry_after_seconds) {
  fake_response r;
  r.status = 429;
  r.body = R"({"ok":false,"error":"ratelimited"})";
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return r;
}
fake_response fake_response::error(int status, std::string body) {
  fake_response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}
fake_response fake_response::slow(std::chrono::milliseconds delay) {
  fake_response r;
  r.delay = delay;
  return r;
}
fake_response fake_response::dropped() {
  fake_response r;
  r.drop = true;
  r.status = 0;
  return r;
}

std::string recorded_request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (beast::iequals(k, name)) return v;
  return {};
}

struct fake_platform::impl {
  struct rule {
    std::string pattern;
    fake_response response;
    int times;
  };
  struct random_rule {
    double probability;
    fake_response response;
    std::mt19937_64 rng;
  };

  net::io_context ioc;
  tcp::acceptor acceptor{ioc};
  std::vector<std::thread> threads;
  mutable std::mutex mutex;
  mutable std::condition_variable cv;
  std::deque<fake_response> queued;
  std::vector<rule> rules;
  std::vector<random_rule> random_rules;
  fake_response fallback;
  std::shared_ptr<const responder> respond;
  std::vector<recorded_request> log;

  fake_response choose(const recorded_request& rec) {
    const std::string& target = rec.target;
    std::unique_lock lock(mutex);
    if (!queued.empty()) {
      auto r = std::move(queued.front());
      queued.pop_front();
      return r;
    }
    for (auto& rl : rules) {
      if (rl.times == 0 || target.find(rl.pattern) == std::string::npos) continue;
      if (rl.times > 0) --rl.times;
      return rl.response;
    }
    if (auto r = respond) {
      lock.unlock();  // the responder may take its own locks
      auto answer = (*r)(rec);
      lock.lock();
      if (answer) return std::move(*answer);
    }
    for (auto& rr : random_rules)
      if (std::uniform_real_distribution<double>(0, 1)(rr.rng) < rr.probability) return rr.response;
    return fallback;
  }

  void record(recorded_request r) {
    {
      std::lock_guard lock(mutex);
      log.push_back(std::move(r));
    }
    cv.notify_all();
  }

  net::awaitable<void> session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
      bhttp::request<bhttp::string_body> req;
      stream.expires_after(idle_limit);
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, req, use_tuple);
      if (ec) break;
      recorded_request rec;
      rec.method = std::string(req.method_string());
      rec.target = std::string(req.target());
      for (const auto& f : req) rec.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
      rec.body = req.body();
      rec.at = std::chrono::steady_clock::now();
      fake_response r = choose(rec);
      if (r.delay.count() > 0) {
        net::steady_timer timer(co_await net::this_coro::executor);
        timer.expires_after(r.delay);
        co_await timer.async_wait(use_tuple);
      }
      if (r.drop) {
        rec.status = 0;
        record(std::move(rec));
        beast::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.socket().close(ignored);
        break;
      }
      bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), req.version()};
      res.set(bhttp::field::content_type, "application/json");
      for (const auto& [k, v] : r.headers) res.set(k, v);
      res.body() = r.body;
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      rec.status = r.status;
      // Recorded before writing, so a client that has its answer always finds it logged.
      record(std::move(rec));
      stream.expires_after(idle_limit);
      auto [wec, wn] = co_await bhttp::async_write(stream, res, use_tuple);
      if (wec || !res.keep_alive()) break;
    }
  }

  net::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec) {
        if (!acceptor.is_open()) co_return;
        continue;
      }
      net::co_spawn(ioc, session(std::move(socket)), net::detached);
    }
  }
};

fake_platform::fake_platform(unsigned threads) : impl_(std::make_unique<impl>()) {
  tcp::endpoint ep(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  net::co_spawn(impl_->ioc, impl_->accept_loop(), net::detached);
  for (unsigned i = 0; i < std::max(1u, threads); ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

fake_platform::~fake_platform() {
  impl_->ioc.stop();
  for (auto& t : impl_->threads) t.join();
}

std::uint16_t fake_platform::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string fake_platform::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + std::string(path);
}

void fake_platform::queue(fake_response r, int times) {
  std::lock_guard lock(impl_->mutex);
  for (int i = 0; i < times; ++i) impl_->queued.push_back(r);
}

void fake_platform::on(std::string pattern, fake_response r, int times) {
  std::lock_guard lock(impl_->mutex);
  impl_->rules.push_back({std::move(pattern), std::move(r), times});
}

void fake_platform::randomly(double probability, fake_response r, std::uint64_t seed) {
  std::lock_guard lock(impl_->mutex);
  impl_->random_rules.push_back({probability, std::move(r), std::mt19937_64(seed)});
}

void fake_platform::set_default(fake_response r) {
  std::lock_guard lock(impl_->mutex);
  impl_->fallback = std::move(r);
}

void fake_platform::set_responder(responder r) {
  std::lock_guard lock(impl_->mutex);
  impl_->respond = std::make_shared<const responder>(std::move(r));
}

std::vector<recorded_request> fake_platform::requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->log;
}

std::size_t fake_platform::count() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->log.size();
}

bool fake_platform::wait_for(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mutex);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->log.size() >= n; });
}

std::map<std::string, int> fake_platform::delivered_by_key() const {
  std::lock_guard lock(impl_->mutex);
  std::map<std::string, int> out;
  for (const auto& r : impl_->log)
    if (r.status >= 200 && r.status < 300) ++out[r.header("Idempotency-Key")];
  return out;
}

}  // namespace commonsbot::test
