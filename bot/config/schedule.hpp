// The scheduling parts of the config: each school's time zone, calendar, nudge rules,
// meetings and calendar feeds (tenants[]), and the top-level "schedule" section.
#pragma once

#include "config/config.hpp"
#include "config/reader.hpp"

namespace commonsbot::config::detail {

// Reads time_zone, calendar, nudges, meetings and calendars from the tenant at `r`.
void read_tenant_schedule(section_reader& r, const std::string& file, flows::problem_list& problems, tenant_config& t);

void read_schedule(const nlohmann::json& j, const std::string& file, flows::problem_list& problems, config& cfg);

}  // namespace commonsbot::config::detail
