#include "config/digest.hpp"

#include "catalogue/resource.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

namespace commonsbot::config {
namespace detail {
namespace {

std::vector<std::string> read_list(const nlohmann::json& v, const std::string& path, const std::string& example,
                                   const std::string& file, flows::problem_list& problems) {
  std::vector<std::string> out;
  if (!v.is_array()) {
    problems.push_back({problem::severity::error, file, path, "must be a list, e.g. " + example});
    return out;
  }
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i].is_string() && !v[i].get<std::string>().empty()) out.push_back(v[i].get<std::string>());
    else if (v[i].is_number_integer()) out.push_back(std::to_string(v[i].get<long long>()));  // year level 5
    else problems.push_back({problem::severity::error, file, path + "/" + std::to_string(i), "must be words, e.g. " + example});
  }
  return out;
}

}  // namespace

void read_tenant_feeds(section_reader& r, const std::string& file, flows::problem_list& problems, tenant_config& t) {
  const auto* v = r.find("feeds");
  if (!v) return;
  const std::string p = r.pointer() + "/feeds";
  if (!v->is_array()) {
    problems.push_back({problem::severity::error, file, p,
                        "must be a list of {\"url\": \"https://.../new.rss\", \"name\": \"New in the library\"}"});
    return;
  }
  std::set<std::string> urls;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const std::string fp = p + "/" + std::to_string(i);
    section_reader fr((*v)[i], fp, file, problems);
    digest::feed_config f;
    fr.text("url", f.url);
    fr.text("name", f.name);
    fr.number("refresh_minutes", f.refresh_minutes, 15, 7 * 24 * 60);
    if (const auto* a = fr.find("learning_areas"))
      f.learning_areas = read_list(*a, fp + "/learning_areas", "[\"science\", \"maths\"]", file, problems);
    if (const auto* y = fr.find("year_levels"))
      f.year_levels = read_list(*y, fp + "/year_levels", "[\"Years 5-6\", 7]", file, problems);
    std::error_code ec;
    if (f.url.empty()) {
      fr.error("url", "missing: write the feed's https:// address (RSS or Atom)");
      continue;
    }
    if (f.url.starts_with("http://")) fr.warn("url", "plain http can be read on the way; use https:// if the feed offers it");
    else if (!f.url.starts_with("https://") && !std::filesystem::is_regular_file(f.url, ec))
      fr.error("url", "cannot read \"" + f.url + "\"; write the feed's https:// address or the path of a feed file");
    if (!urls.insert(f.url).second) fr.error("url", "\"" + f.url + "\" is listed twice; keep one");
    for (const auto& a : f.learning_areas) {
      const auto& known = catalogue::known_areas();
      if (std::find(known.begin(), known.end(), catalogue::canonical_area(a)) == known.end())
        fr.warn("learning_areas", "\"" + a + "\" is not a learning area the bot knows; items get it as written");
    }
    t.feeds.push_back(std::move(f));
  }
}

}  // namespace detail

void fill_digest_tenants(const config& cfg, digest::context& ctx) {
  for (const auto& t : cfg.tenants) {
    auto& s = ctx.tenants[t.id];
    s.time_zone = t.time_zone;
    s.feeds = t.feeds;
  }
}

}  // namespace commonsbot::config
