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

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include <memory>
#include <optional>
#include <utility>

namespace commonsbot::store {

template <typename CompletionToken>
auto async_commit(store& s, transaction txn, CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(status)>(
      [&s](auto handler, transaction t) {
        using handler_type = decltype(handler);
        using work_type = boost::asio::executor_work_guard<boost::asio::associated_executor_t<handler_type>>;
        // The store's callback is a copyable std::function and Asio handlers are move-only,
        // so the handler waits in a shared slot. The writer thread moves it out (with the
        // work guard) into the posted function, so nothing of the caller's executor stays
        // behind in the store, where it could outlive the caller's io_context.
        struct slot {
          std::optional<handler_type> handler;
          std::optional<work_type> work;
        };
        auto state = std::make_shared<slot>();
        state->work.emplace(boost::asio::make_work_guard(boost::asio::get_associated_executor(handler)));
        state->handler.emplace(std::move(handler));
        s.commit_async(std::move(t), [state](status st) {
          work_type work = std::move(*state->work);
          handler_type h = std::move(*state->handler);
          state->work.reset();
          state->handler.reset();
          auto ex = work.get_executor();
          // The work guard travels with the completion and is released after it has run,
          // on the caller's executor.
          boost::asio::post(ex, [h = std::move(h), work = std::move(work), st = std::move(st)]() mutable {
            std::move(h)(std::move(st));
            work.reset();
          });
        });
      },
      token, std::move(txn));
}

}  // namespace commonsbot::store
