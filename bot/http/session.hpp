// Internal to the server: the state shared between the listener, the connections and
// stop(), and the coroutines that serve one connection. Included only by server.cpp and
// session.cpp, which keeps Beast and Asio out of every other translation unit.
#pragma once

#include "http/server.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <boost/asio/ip/address.hpp>

#include <condition_variable>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>

namespace commonsbot::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

// One accepted connection. Fields marked "strand" are touched only on the connection's
// strand (the executor of `stream`), so they need no lock.
struct connection {
  connection(tcp::socket socket, net::ip::address client);

  beast::tcp_stream stream;
  const net::ip::address client;  // whom it counts against max_connections_per_address
  net::steady_timer reply_timer;  // strand: wakes the session on a reply or handler timeout
  bool idle = true;               // strand: waiting for the first byte of a request
  bool stopping = false;          // strand: finish the current request, then close
  bool aborted = false;           // strand: the shutdown grace is over; close now
  bool rejected = false;          // over max_connections: answer 503 and close

  // Strand. Idle connections close at once; busy ones finish their request first.
  void begin_shutdown();
  // Strand. Closes the socket and wakes a session waiting for its handler.
  void abort();

  std::list<std::weak_ptr<connection>>::iterator registry_pos;  // guarded by server_state::mutex
};

// What server_state::admit decided for a new connection.
enum class verdict {
  serve,         // counted against max_connections and its address's share
  overloaded,    // over max_connections: answered 503 and closed (connection::rejected)
  address_full,  // its client already holds max_connections_per_address: closed unread
  drop,          // shutting down, or too many 503s under way: closed unread
};

struct admission {
  verdict decision = verdict::drop;
  std::size_t refusals = 0;  // address_full: this client's refusals so far, this one included
};

// What the server shares with its sessions. Sessions hold it by shared_ptr, so it outlives
// every coroutine frame, however the io_context ends.
struct server_state {
  explicit server_state(server_options o) : options(std::move(o)) {}

  const server_options options;
  router routes;  // copied in start(), before any session exists; read-only afterwards

  // A responder may run on any thread at any time, even after the server stopped. It posts
  // under a shared lock while `replies_open`; stop() closes this after the workers have
  // joined, so nothing is ever posted into an io_context that is being destroyed.
  std::shared_mutex reply_gate;
  bool replies_open = true;

  std::mutex mutex;  // guards the fields below
  std::condition_variable drained;  // notified when `connections` becomes empty
  std::list<std::weak_ptr<connection>> connections;
  std::size_t serving = 0;    // connections counted against max_connections
  std::size_t rejecting = 0;  // connections being told 503
  bool stopping = false;      // no new connections are admitted
  struct client_share {
    std::size_t connections = 0;  // being served; the entry goes when this reaches 0
    std::size_t refusals = 0;     // connections closed unread meanwhile
  };
  std::map<net::ip::address, client_share> clients;

  // Admits `conn` for serving or for a 503, or not at all (address_full, drop: close it).
  admission admit(const std::shared_ptr<connection>& conn);
  // Called when a connection's coroutine ends. Returns the refusals of its client when this
  // was the client's last connection (so they are logged once), else 0.
  std::size_t release(connection& conn);
  // Every connection slot is taken.
  bool at_capacity();
  // True once stop() has begun, possibly before this connection's begin_shutdown has run.
  bool shutting_down();
};

// Serves `conn` until the peer closes, a timeout, an error or shutdown.
net::awaitable<void> run_session(std::shared_ptr<connection> conn, std::shared_ptr<server_state> state);

}  // namespace commonsbot::http::detail
