// Reading and writing plans through an action: found by id and listed for a partner (ids
// come from record_ids.hpp). Reads go through the record_view so the pipeline's
// write guard sees them: two people creating plans at once can't both get "p4", and two
// partners ticking at once can't undo each other's tick.
#pragma once

#include "collab/plan.hpp"
#include "flows/action.hpp"
#include "store/transaction.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

// "p3" or "P3": the shape of a plan id (whether or not such a plan exists).
bool looks_like_plan_id(std::string_view word);

// The plan `id` of `tenant`, or nullopt if there is none (or it can't be read).
std::optional<plan> load_plan(const flows::record_view& records, std::string_view tenant, std::string_view id);

// Adds the write of `p` to `txn`.
void stage_plan(store::transaction& txn, const plan& p);

// The plans `person_key` partners that are not yet reflected on, newest first.
std::vector<plan> open_plans_of(const flows::record_view& records, std::string_view tenant, std::string_view person_key);

}  // namespace commonsbot::collab
