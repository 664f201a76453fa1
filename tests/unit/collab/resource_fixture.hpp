// The resources unit tests' world: the collab fixture with the resources actions over a real
// catalogue::catalogue (the shipped sample as its shared layer). People live only in the
// fixture, in any school, so a test can change someone's role between turns; the fixture
// runs each event's after_commit hooks, so a resource added in one turn is found by the next.
#pragma once

#include "catalogue/catalogue.hpp"
#include "collab/actions_by_area.hpp"
#include "collab_fixture.hpp"

namespace commonsbot::test::resources_area {

using collab_test::count_of;
using collab_test::has;
using collab_test::monday_ms;

struct resource_fixture : collab_test::world {
  // with_catalogue = false: services.resources is null, as in a bot whose catalogue is missing.
  explicit resource_fixture(bool with_catalogue = true) {
    load();
    catalogue::problem_list sample_problems;
    REQUIRE(resources.load_sample(templates() + "/catalogue/sample.json", sample_problems));
    REQUIRE(resources.shared_size() > 20);
    if (with_catalogue) services.resources = &resources;
    collab::detail::add_resource_actions(actions, services);
    check({"resources", "resource"}, [](const flows::problem& p) { return p.file.find("resource") != std::string::npos; });
  }

  void add_person(const std::string& name, core::role role, const std::string& tenant = "school") {
    core::person p;
    p.tenant = tenant;
    p.platform = "console";
    p.user_id = collab_test::id_for(name);
    p.display_name = name;
    p.role = role;
    people[name] = p;
  }

  std::optional<core::person> person(const std::string& name) const override {
    auto it = people.find(name);
    if (it == people.end()) return std::nullopt;
    return it->second;
  }

  catalogue::catalogue resources;
  std::map<std::string, core::person> people;
};

}  // namespace commonsbot::test::resources_area
