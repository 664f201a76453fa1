// Boost's assertion handler, for the sanitizer builds only (they define
// BOOST_ENABLE_ASSERT_HANDLER; a Release build compiles Boost's assertions out as usual).
//
// Why: Boost 1.81's HTTP parser asserts `n >= 5` when a chunked body's last chunk arrives in
// pieces ("0\r\n", then "\r", then "\n"). The assertion is wrong, not the parser: with no CRLF
// pending, three bytes are a valid start, and the parser goes on to ask for more, which is
// what a build without assertions does. Beast fixed the assertion in Boost 1.86 (pull request
// 2861). A client can send a body that way, so a tested build must not abort on it; every
// other failed assertion still aborts, with where it failed.
#ifdef BOOST_ENABLE_ASSERT_HANDLER

#include <boost/assert.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool is_beast_final_chunk_assertion(const char* expr, const char* file) {
  return std::strcmp(expr, "n >= 5") == 0 && std::strstr(file, "beast/http/impl/basic_parser.ipp") != nullptr;
}

}  // namespace

namespace boost {

void assertion_failed(const char* expr, const char* function, const char* file, long line) {
  if (is_beast_final_chunk_assertion(expr, file)) return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed.\n", file, line, function, expr);
  std::abort();
}

void assertion_failed_msg(const char* expr, const char* msg, const char* function, const char* file, long line) {
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed: %s\n", file, line, function, expr, msg);
  std::abort();
}

}  // namespace boost

#endif
