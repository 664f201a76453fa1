// Short, typeable record ids ("p4", "b2", "l7", "s1"), numbered per tenant and kind from a
// counter in the "counters" collection: "<tenant>/<collection>" -> {"next": n}. Reading the
// counter through the pipeline's view means two records made at once cannot get the same id
// (the write guard runs one event again).
#pragma once

#include "flows/action.hpp"
#include "store/transaction.hpp"

#include <string>
#include <string_view>

namespace commonsbot::collab {

inline constexpr std::string_view counters_collection = "counters";

// Takes the next id `prefix`<n> for a record of `tenant` in `collection`: the counter's
// number, passed over while such a record already exists (one restored from elsewhere is
// never overwritten); stages the counter's new value in `writes`.
std::string take_id(const flows::record_view& records, std::string_view tenant, std::string_view collection,
                    std::string_view prefix, store::transaction& writes);

}  // namespace commonsbot::collab
