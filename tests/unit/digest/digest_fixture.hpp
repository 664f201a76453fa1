// A school with a small catalogue (resources added in early March 2025) and the digest
// actions registered on the collab test world, so a test can subscribe, preview and press
// digest buttons like a person would.
#pragma once

#include "catalogue/catalogue.hpp"
#include "digest/actions.hpp"
#include "digest/profile.hpp"
#include "unit/collab/collab_fixture.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::test::digest_test {

using collab_test::has;

inline catalogue::resource item(std::string id, std::string title, std::vector<std::string> areas, std::vector<int> years,
                                std::vector<std::string> keywords, std::string added, std::string description = "") {
  catalogue::resource r;
  r.id = std::move(id);
  r.title = std::move(title);
  r.link = "https://example.org/" + r.id;
  r.description = std::move(description);
  r.learning_areas = std::move(areas);
  r.year_levels = std::move(years);
  r.keywords = std::move(keywords);
  r.added = std::move(added);
  r.format = "book";
  return r;
}

struct school : collab_test::world {
  school() {
    load({"learning_areas"});
    services.words = &words;
    services.resources = &resources;
    ctx.services = &services;
    ctx.messages = &reg.messages();
    digest::register_actions(actions, ctx);
    resources.set_shared({});
    resources.upsert("school", item("r1", "Volcanoes of Aotearoa", {"Science"}, {5, 6}, {"volcanoes"}, "2025-03-03",
                                    "How our volcanoes formed, with field-trip ideas."));
    resources.upsert("school", item("r2", "Te reo at play", {"Learning Languages"}, {}, {"te reo", "games"},
                                    "2025-03-04"));
    resources.upsert("school", item("r3", "Fractions with food", {"Mathematics and Statistics"}, {5},
                                    {"fractions"}, "2025-03-05"));
    aroha = add_person("Aroha", core::role::library_staff);
    mere = add_person("Mere", core::role::teacher);
  }

  std::optional<digest::profile> profile_of(const std::string& name) const {
    auto j = db.get(digest::profiles_collection, digest::profile_key("school", keys.at(name)));
    if (!j) return std::nullopt;
    return digest::read_profile(*j);
  }

  catalogue::catalogue resources;
  digest::context ctx;
  std::string aroha, mere;
};

}  // namespace commonsbot::test::digest_test
