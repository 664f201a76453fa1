// What the collaboration actions need from the running bot besides the records they read:
// the content (models, continuum, checklist, glossary, survey) and the resource catalogue.
// Built once at start-up and shared, read-only, by every action.
#pragma once

#include "core/conversation_ref.hpp"
#include "flows/action.hpp"

#include <functional>
#include <map>
#include <string>

namespace commonsbot::catalogue {
class catalogue;
}

namespace commonsbot::collab {

class content;

struct services {
  const content* words = nullptr;              // templates/content
  catalogue::catalogue* resources = nullptr;   // search and suggestions; upserts after commit
  // Each tenant's staff channel for "share a success" posts (config: tenants[].staff_channel).
  // The platform may be empty: it is then the platform of whoever shares.
  std::map<std::string, core::conversation_ref> staff_channels;
  // Called after a commit that changed a tenant's meetings or plans, so the schedule loop
  // re-derives that tenant's nudge and reflect jobs. Null (chat, offline commands): the next
  // start of `serve` derives them.
  std::function<void(const std::string& tenant)> schedule_changed;
};

// After `out` commits, tells the schedule loop that `tenant`'s meetings, plans or digest
// profiles changed (nothing when no loop is listening).
inline void announce_schedule_change(const services& s, flows::effects& out, const std::string& tenant) {
  if (!s.schedule_changed) return;
  out.after_commit.push_back([&s, tenant] {
    if (s.schedule_changed) s.schedule_changed(tenant);
  });
}

// Adds every collaboration action (plans, bookings, log, reflect, share, survey, report,
// profile, role, glossary, resources) to `actions`. `s` must outlive the registry.
void register_actions(flows::action_registry& actions, const services& s);

}  // namespace commonsbot::collab
