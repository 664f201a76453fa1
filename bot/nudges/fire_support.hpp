// What the nudge and reflect fires share: the tenant's settings, the zone a person's
// deliveries are judged in, and writing one person's record plus (when it goes) its outbox
// entry, exactly once per fire id.
#pragma once

#include "core/person.hpp"
#include "nudges/nudge_fire.hpp"
#include "nudges/nudge_record.hpp"

#include <functional>
#include <string>

namespace commonsbot::nudges::detail {

const tenant_settings& settings_of(const context& ctx, const std::string& tenant);

// The person's zone, else the tenant's, else `fallback` (the meeting's), else UTC.
std::string zone_for(const core::person& p, const tenant_settings& s, const std::string& fallback);

std::string locale_for(const context& ctx, const core::person& p);

// Decides when `p` gets `rec` (when_to_deliver against `meeting_ms`), fills in its status,
// reason, time and (unless skipped) the message `draw` makes, and adds the record and the
// outbox entry to `txn`. Nothing when this fire was already recorded for them.
void deliver(const context& ctx, const core::person& p, nudge_record rec, const std::string& zone, long long now_ms,
             const std::function<core::message()>& draw, store::transaction& txn);

}  // namespace commonsbot::nudges::detail
