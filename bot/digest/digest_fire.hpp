// Sending digests: one profile's digest now (deliver, shared by the scheduled "digest" fire
// and `commonsbot digest run`) and the fire handler for "digest" jobs.
//
// A digest is the profile's matches among the catalogue items added since its watermark,
// composed in the reader's locale and queued to their DM; the person's "digest_sent" record
// (record_sent: the watermark, the `sent` list, the totals) goes into the SAME transaction as
// the outbox entry. So a crash before the commit sends nothing and changes nothing, and a
// re-run after it finds nothing new: each digest goes exactly once. No match: no message, no
// write. Sending never writes the profile: these commits are outside the chat pipeline's
// write guard, and a whole profile written back here would undo feedback given meanwhile.
#pragma once

#include "digest/digest_context.hpp"
#include "digest/matcher.hpp"
#include "digest/profile.hpp"
#include "flows/action.hpp"
#include "schedule/scheduler.hpp"
#include "store/store.hpp"

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace commonsbot::digest {

// Matchers shared by the fires of one tick (or one run), one per (tenant, watermark): a
// fan-out of hundreds of teachers with the same watermark builds the index once. A new
// `round` (the tick's now) drops the old ones, so catalogue changes are seen next tick.
class matcher_cache {
 public:
  std::shared_ptr<const matcher> get(const catalogue::catalogue& cat, std::string_view tenant, std::string_view since,
                                     long long round);
  std::size_t built() const { return built_; }  // matchers built so far (tests)

 private:
  std::mutex mutex_;
  long long round_ = 0;
  std::size_t built_ = 0;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const matcher>> held_;
};

enum class outcome { sent, empty, skipped };

struct delivery_report {
  outcome what = outcome::skipped;
  std::size_t items = 0;
  std::string why;  // for skipped: in words, for the admin running `digest run`
};

// `p`'s digest at `now_ms`, given what was sent before (`sent`, from sent_for): unless
// `dry_run`, adds the outbox entry (to the person's DM) and the updated "digest_sent" record
// to `txn`. Skipped when unsubscribed, off, or there is no catalogue.
delivery_report deliver(const context& ctx, const flows::record_view& records, const profile& p,
                        const sent_state& sent, long long now_ms, matcher_cache& cache, long long round,
                        store::transaction& txn, bool dry_run = false);

// The handler for kind "digest" (payload {"person": key}): reads the profile and sent state
// fresh and delivers it. Reads only; the scheduler commits with the job's progress. Throws
// (the scheduler logs and skips) without a catalogue or words, for a payload naming no one,
// or for a profile or sent record that cannot be read.
store::transaction fire(const context& ctx, const store::store& db, const schedule::fire& f,
                        matcher_cache* cache = nullptr);

// flows::record_view over a store, for reading people and profiles outside a conversation.
class store_view final : public flows::record_view {
 public:
  explicit store_view(const store::store& db) : db_(db) {}
  std::optional<nlohmann::json> get(std::string_view c, std::string_view k) const override { return db_.get(c, k); }
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view c, std::string_view p) const override {
    return db_.scan(c, p);
  }

 private:
  const store::store& db_;
};

}  // namespace commonsbot::digest
