#include "digest/digest_fire.hpp"

#include "collab/people_records.hpp"
#include "delivery/outbox_entry.hpp"
#include "digest/compose.hpp"
#include "digest/profile_records.hpp"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace commonsbot::digest {

std::shared_ptr<const matcher> matcher_cache::get(const catalogue::catalogue& cat, std::string_view tenant,
                                                  std::string_view since, long long round) {
  std::lock_guard lock(mutex_);
  if (round != round_) {
    held_.clear();
    round_ = round;
  }
  auto& slot = held_[{std::string(tenant), std::string(since)}];
  if (!slot) {
    slot = std::make_shared<const matcher>(matcher::added_since(cat, tenant, since));
    ++built_;
  }
  return slot;
}

delivery_report deliver(const context& ctx, const flows::record_view& records, const profile& p,
                        const sent_state& sent, long long now_ms, matcher_cache& cache, long long round,
                        store::transaction& txn, bool dry_run) {
  if (!p.subscribed) return {outcome::skipped, 0, "not subscribed"};
  if (p.frequency == frequency::off) return {outcome::skipped, 0, "digests turned off"};
  if (!ctx.services || !ctx.services->resources) return {outcome::skipped, 0, "no catalogue loaded"};
  const auto m = cache.get(*ctx.services->resources, p.tenant, sent.last_sent_added, round);
  const auto result = m->match(p, sent);
  if (result.empty()) return {outcome::empty, 0, {}};
  const std::size_t n = result.size();
  if (dry_run) return {outcome::sent, n, {}};

  const auto person = collab::find_person(records, p.tenant, p.person);
  const std::string locale = person && !person->locale.empty() ? person->locale : ctx.default_locale;
  const auto message = compose(ctx, p, result, locale, person ? collab::name_of(*person) : std::string());
  commonsbot::delivery::enqueue(txn, collab::direct_ref(records, p.tenant, p.person), message, now_ms);
  sent_state next = sent;
  record_sent(next, result.ids(), result.newest_added, now_ms);
  txn.put(std::string(sent_collection), profile_key(p.tenant, p.person), next);
  return {outcome::sent, n, {}};
}

store::transaction fire(const context& ctx, const store::store& db, const schedule::fire& f, matcher_cache* cache) {
  if (!f.of) throw std::runtime_error("a fire without its job");
  const auto& payload = f.of->payload;
  if (!payload.is_object() || !payload.contains("person") || !payload["person"].is_string())
    throw std::runtime_error("digest job " + f.of->id + " names no person");
  if (!ctx.services || !ctx.services->resources || !ctx.messages)
    throw std::runtime_error("a digest needs the catalogue and the bot's words: run with a config check-config accepts");
  const auto person = payload["person"].get<std::string>();
  store::transaction txn;
  const auto stored = db.get(profiles_collection, profile_key(f.of->tenant, person));
  if (!stored) return txn;  // the profile is gone: the next derivation removes the job
  auto p = read_profile(*stored);
  if (!p) throw std::runtime_error("digest profile " + profile_key(f.of->tenant, person) + " is unreadable");
  p->tenant = f.of->tenant;
  p->person = person;
  store_view records(db);
  const auto sent = sent_for(records, *p);
  if (!sent) throw std::runtime_error("digest sent record " + profile_key(f.of->tenant, person) + " is unreadable");
  matcher_cache own;
  deliver(ctx, records, *p, *sent, f.now_ms, cache ? *cache : own, f.now_ms, txn);
  return txn;
}

}  // namespace commonsbot::digest
