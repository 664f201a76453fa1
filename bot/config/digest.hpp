// The digest parts of the config: each school's RSS / Atom feeds (tenants[].feeds), whose
// new items join the catalogue and so teachers' digests:
//   "feeds": [{"url": "https://library.example.nz/new.rss", "name": "New in the library",
//              "learning_areas": ["science"], "year_levels": ["Years 5-6"], "refresh_minutes": 360}]
#pragma once

#include "config/config.hpp"
#include "config/reader.hpp"
#include "digest/digest_context.hpp"

namespace commonsbot::config {

namespace detail {
// Reads "feeds" from the tenant at `r`, every problem with its JSON path.
void read_tenant_feeds(section_reader& r, const std::string& file, flows::problem_list& problems, tenant_config& t);
}  // namespace detail

// Each school's zone and feeds into `ctx.tenants`.
void fill_digest_tenants(const config& cfg, digest::context& ctx);

}  // namespace commonsbot::config
