// async_commit: the store's commit as an Asio asynchronous operation, so a coroutine can
//
//   auto st = co_await store::async_commit(db, std::move(txn), asio::use_awaitable);
//
// and acknowledge a platform only once its event is durable. The completion runs on the
// handler's associated executor (the coroutine's strand or io_context), never on the
// store's writer thread, and outstanding work keeps that executor's context running.
//
// This is the only store header that includes Asio; the store library itself does not.
#pragma once

#include "store/store.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/strand.hpp>

#include <memory>
#include <optional>
#include <utility>

namespace commonsbot::store {

namespace detail {

// Outstanding work on the caller's context, which keeps it running until the completion
// has been posted. Where the context is an io_context, the work is tracked on the
// context's own executor, whose copies own nothing: then releasing it is the writer
// thread's last touch of the caller's context, and no strand copy can outlive it.
inline boost::asio::any_io_executor track_work(const boost::asio::io_context::executor_type& ex) {
  return boost::asio::prefer(ex, boost::asio::execution::outstanding_work.tracked);
}
template <typename Inner>
boost::asio::any_io_executor track_work(const boost::asio::strand<Inner>& ex) {
  return track_work(ex.get_inner_executor());
}
inline boost::asio::any_io_executor track_work(const boost::asio::any_io_executor& ex) {
  using io_executor = boost::asio::io_context::executor_type;
  if (const auto* io = ex.target<io_executor>()) return track_work(*io);
  if (const auto* st = ex.target<boost::asio::strand<io_executor>>()) return track_work(*st);
  return boost::asio::prefer(ex, boost::asio::execution::outstanding_work.tracked);
}
template <typename Executor>
boost::asio::any_io_executor track_work(const Executor& ex) {
  return boost::asio::prefer(ex, boost::asio::execution::outstanding_work.tracked);
}

}  // namespace detail

template <typename CompletionToken>
auto async_commit(store& s, transaction txn, CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(status)>(
      [&s](auto handler, transaction t) {
        using handler_type = decltype(handler);
        // The store's callback is a copyable std::function and Asio handlers are move-only,
        // so the handler waits in a shared slot, from which the writer thread moves it into
        // the posted completion: nothing of the caller's stays behind in the store.
        struct slot {
          std::optional<handler_type> handler;
          boost::asio::any_io_executor work;
        };
        auto state = std::make_shared<slot>();
        state->work = detail::track_work(boost::asio::get_associated_executor(handler));
        state->handler.emplace(std::move(handler));
        s.commit_async(std::move(t), [state](status st) {
          // Declared first, destroyed last: the work is released only after the post and
          // after every executor copy made here is gone.
          boost::asio::any_io_executor work = std::move(state->work);
          state->work = nullptr;
          handler_type h = std::move(*state->handler);
          state->handler.reset();
          auto ex = boost::asio::get_associated_executor(h);
          boost::asio::post(ex, [h = std::move(h), st = std::move(st)]() mutable { std::move(h)(std::move(st)); });
        });
      },
      token, std::move(txn));
}

}  // namespace commonsbot::store
