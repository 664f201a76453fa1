// The people-area unit tests' world (profile, role, glossary, bookings): the collab fixture
// with their actions and a few time zones.
#pragma once

#include "collab/actions_by_area.hpp"
#include "collab/booking_actions.hpp"
#include "collab/profile_actions.hpp"
#include "collab_fixture.hpp"

namespace commonsbot::test::people_area {

using collab_test::has;
using collab_test::monday_ms;
using collab_test::store_view;

inline collab::people::time_zones test_zones() {
  collab::people::time_zones z;
  z.add("UTC", {});
  collab::people::zone_rules auckland;
  auckland.initial = 13 * 3600;  // daylight time all year: enough for these tests
  z.add("Pacific/Auckland", auckland);
  collab::people::zone_rules new_york;
  new_york.initial = -5 * 3600;
  z.add("America/New_York", new_york);
  z.add("Europe/London", {});
  return z;
}

struct people_fixture : collab_test::world {
  people_fixture() : zones(test_zones()) {
    load({"learning_areas", "glossary"});
    services.words = &words;
    collab::add_profile_actions(actions, services, zones);
    collab::detail::add_role_actions(actions, services);
    collab::detail::add_glossary_actions(actions, services);
    collab::add_booking_actions(actions, services, zones);
    check({"profile", "role", "glossary", "book", "bookings"}, [](const flows::problem& p) {
      return p.file.find("/content/") != std::string::npos &&
             (p.file.ends_with("learning_areas.json") || p.file.ends_with("glossary.json"));
    });
  }

  // Someone the bot knows on the console, speaking `locale` (empty: the default).
  std::string add_person(const std::string& name, core::role role, const std::string& locale = "") {
    return world::add_person(name, role, "console", locale);
  }

  collab::people::time_zones zones;
};

}  // namespace commonsbot::test::people_area
