// Resources and profiles for the digest matcher and feedback tests.
#pragma once

#include "catalogue/resource.hpp"
#include "digest/matcher.hpp"
#include "digest/profile.hpp"

#include <memory>
#include <string>
#include <vector>

namespace commonsbot::digest::testkit {

inline std::shared_ptr<const catalogue::resource> res(std::string id, std::string title,
                                                      std::vector<std::string> areas, std::vector<int> years,
                                                      std::vector<std::string> keywords = {},
                                                      std::string added = "2026-03-10", std::string format = "book",
                                                      std::string description = "") {
  catalogue::resource r;
  r.id = std::move(id);
  r.title = std::move(title);
  r.link = "https://example.org/" + r.id;
  r.description = std::move(description);
  r.learning_areas = std::move(areas);
  r.year_levels = std::move(years);
  r.keywords = std::move(keywords);
  r.added = std::move(added);
  r.format = std::move(format);
  catalogue::normalise(r);
  return std::make_shared<const catalogue::resource>(std::move(r));
}

inline profile teacher(std::vector<std::string> areas, std::vector<int> years, std::vector<std::string> keywords = {},
                       std::vector<std::string> interests = {}) {
  profile p;
  p.tenant = "school";
  p.person = "console:ana";
  p.subscribed = true;
  p.learning_areas = std::move(areas);
  p.year_levels = std::move(years);
  p.keywords = std::move(keywords);
  p.interests = std::move(interests);
  normalise(p);
  return p;
}

inline std::vector<std::string> ids(const digest_result& d) { return d.ids(); }

}  // namespace commonsbot::digest::testkit
