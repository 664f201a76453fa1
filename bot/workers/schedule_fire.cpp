#include "workers/schedule_fire.hpp"

#include "core/conversation_ref.hpp"
#include "core/message.hpp"
#include "delivery/outbox_entry.hpp"
#include "digest/digest_fire.hpp"
#include "digest/digest_jobs.hpp"

#include <memory>
#include <stdexcept>

namespace commonsbot::workers {

store::transaction schedule_fire(const nudges::context& ctx, const schedule::fire& f) {
  const auto& j = *f.of;
  if (j.kind == "nudge" || j.kind == "reflect") {
    if (!ctx.db || !ctx.messages || !ctx.services)
      throw std::invalid_argument("a " + j.kind + " job needs the bot's templates and school settings: "
                                  "run this with --config naming a configuration that check-config accepts");
    return nudges::fire(ctx, f);
  }
  if (j.kind != "message") throw std::invalid_argument("no handler for job kind \"" + j.kind + "\"");
  store::transaction txn;
  auto m = j.payload.at("message").get<core::message>();
  delivery::enqueue(txn, j.payload.at("to").get<core::conversation_ref>(), m, f.now_ms);
  return txn;
}

schedule::fire_handler schedule_fire_handler(const nudges::context& ctx, const digest::context* digests) {
  // Shared by the handler's copies; the scheduler calls it from one thread, and the cache
  // locks anyway.
  auto cache = std::make_shared<digest::matcher_cache>();
  return [&ctx, digests, cache](const schedule::fire& f) {
    if (!f.of || f.of->kind != digest::job_kind) return schedule_fire(ctx, f);
    if (!digests || !ctx.db)
      throw std::invalid_argument("a digest job needs the bot's templates and catalogue: "
                                  "run this with --config naming a configuration that check-config accepts");
    return digest::fire(*digests, *ctx.db, f, cache.get());
  };
}

}  // namespace commonsbot::workers
