// The collab test pipeline with the meeting actions: real flows and words, learning areas
// loaded, an in-memory store, and the tenant settings a test wants ("school" by default has
// none). schedule_changed calls are counted per tenant.
#pragma once

#include "nudges/actions.hpp"
#include "unit/collab/collab_fixture.hpp"

#include <map>
#include <string>

namespace commonsbot::test::meeting_test {

using namespace collab_test;

struct meeting_world : world {
  explicit meeting_world(const nudges::tenant_settings& settings = {}) {
    load({"learning_areas"});
    services.words = &words;
    services.schedule_changed = [this](const std::string& tenant) { ++changed[tenant]; };
    nudge_ctx.services = &services;
    nudge_ctx.messages = &reg.messages();
    nudge_ctx.tenants["school"] = settings;
    nudges::detail::add_meeting_actions(actions, nudge_ctx);
  }

  // The stored meeting `id` of the school, if any.
  std::optional<nlohmann::json> meeting(const std::string& id) const { return db.get("meetings", "school/" + id); }

  nudges::context nudge_ctx;
  std::map<std::string, int> changed;
};

}  // namespace commonsbot::test::meeting_test
