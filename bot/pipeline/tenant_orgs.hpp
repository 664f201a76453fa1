// The organisation each tenant was first seen in: the pipeline keeps, from the first
// verified request that says so, which org a tenant belongs to (Slack's Enterprise Grid
// enterprise id) in "tenant_orgs" ("<tenant>/<platform>" -> {"org", "first_seen_ms"}). It is
// written once and never overwritten by a later request, so the lookup of a platform's
// org-wide credentials (adapters/slack/installations) only covers tenants the org provably
// includes.
#pragma once

#include "store/store.hpp"

#include <string>
#include <string_view>

namespace commonsbot::pipeline {

// The org `tenant` was first seen in on `platform`, or empty if none is known.
std::string org_of(const store::store& db, std::string_view platform, std::string_view tenant);

}  // namespace commonsbot::pipeline
