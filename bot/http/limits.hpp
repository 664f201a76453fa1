// Fixed limits of the HTTP server. The tunable ones are in server_options; these are the
// ones nobody should need to change, named here so that none hides as a literal in the code.
#pragma once

#include <chrono>
#include <cstddef>

namespace commonsbot::http::limits {

// Room in a connection's read buffer beyond the header limit: enough for one read of body
// bytes or a chunk header. The buffer never grows past header_limit + this.
inline constexpr std::size_t read_buffer_slack = 64 * 1024;

// The first read of an idle connection; small, because it only waits for a request to start.
inline constexpr std::size_t first_read_size = 4 * 1024;

// After an error response the server half-closes and reads (and drops) what the client is
// still sending, so its kernel does not answer with a reset that could swallow our response.
inline constexpr std::chrono::milliseconds linger_timeout{500};
inline constexpr std::size_t linger_max_bytes = 1024 * 1024;

// Connections over max_connections get a 503 written by a short coroutine; beyond this many
// such coroutines at once, excess connections are closed without a word.
inline constexpr std::size_t max_rejecting = 64;

// Descriptors the connection cap never takes (see connection_cap in fd_limit.hpp): the
// store's files, outbound calls (delivery, feeds, tokens), the log, the listeners, the admin
// server's connections and the 503 writers above. When descriptors run out, the store cannot
// open its next journal segment and stays failed until a restart.
inline constexpr std::size_t fd_reserve = 256;

// When accept fails (for example EMFILE), wait this long before trying again instead of
// spinning.
inline constexpr std::chrono::milliseconds accept_backoff{50};

// After shutdown_grace, connections are closed by force; this is how long stop() then waits
// for their coroutines to finish before it stops the io_context outright.
inline constexpr std::chrono::milliseconds abort_wait{2'000};

// A client's X-Request-Id is echoed only if it is this short and made of [A-Za-z0-9._-].
inline constexpr std::size_t max_request_id = 64;

// Paths longer than this are cut in log lines (a path can be as long as the header limit).
inline constexpr std::size_t max_logged_path = 256;

}  // namespace commonsbot::http::limits
