#include "store/async_commit.hpp"

#include "store_test_util.hpp"

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <thread>

namespace asio = boost::asio;
using namespace commonsbot::store;
using namespace commonsbot::store::test;
using commonsbot::test::temp_dir;

TEST_CASE("a coroutine can co_await a commit and resumes on its own executor", "[store][asio]") {
  temp_dir d;
  auto db = must_open(fast_options(d.path()));
  asio::io_context io;
  std::thread::id io_thread;
  std::vector<std::thread::id> resumed_on;
  std::vector<status> results;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 5; ++i) {
      auto st = co_await async_commit(*db, put_txn("c", "k" + std::to_string(i), i), asio::use_awaitable);
      resumed_on.push_back(std::this_thread::get_id());
      results.push_back(st);
    }
    transaction bad;
    bad.put("", "k", 1);
    results.push_back(co_await async_commit(*db, std::move(bad), asio::use_awaitable));
  }, asio::detached);
  io_thread = std::this_thread::get_id();
  io.run();  // returns only once every commit has completed: outstanding work keeps it alive
  REQUIRE(results.size() == 6);
  for (int i = 0; i < 5; ++i) CHECK(results[i].is_ok());
  CHECK(results[5].code() == status_code::invalid_argument);
  for (auto id : resumed_on) CHECK(id == io_thread);
  CHECK(db->count("c") == 5);
}

TEST_CASE("a plain callback bound to a strand completes on that strand", "[store][asio]") {
  temp_dir d;
  auto db = must_open(fast_options(d.path()));
  asio::io_context io;
  auto strand = asio::make_strand(io);
  int completed = 0;
  for (int i = 0; i < 10; ++i)
    async_commit(*db, put_txn("c", std::to_string(i), i), asio::bind_executor(strand, [&](status st) {
                   CHECK(st.is_ok());
                   CHECK(strand.running_in_this_thread());
                   ++completed;
                 }));
  io.run();
  CHECK(completed == 10);
}
