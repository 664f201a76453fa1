// Reading what a nudge needs from the records, fresh at fire time: the store seen as the
// record_view collab's readers take, the meeting's occurrence and the one before it, the
// group's open plans and the catalogue's new resources in its learning areas.
#pragma once

#include "catalogue/catalogue.hpp"
#include "collab/content.hpp"
#include "collab/plan.hpp"
#include "flows/action.hpp"
#include "flows/message_catalog.hpp"
#include "meetings/calendar.hpp"
#include "meetings/meeting.hpp"
#include "store/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace commonsbot::nudges {

class store_records final : public flows::record_view {
 public:
  explicit store_records(const store::store& db) : db_(db) {}
  std::optional<nlohmann::json> get(std::string_view c, std::string_view k) const override { return db_.get(c, k); }
  std::vector<std::pair<std::string, nlohmann::json>> scan(std::string_view c, std::string_view p) const override {
    return db_.scan(c, p);
  }

 private:
  const store::store& db_;
};

struct meeting_times {
  schedule::local_time occurrence;  // the meeting's wall time
  long long meeting_ms = 0;
  schedule::civil_date since;       // the previous occurrence's date, else 14 days before
};

// The occurrence a fire at `fire_ms` is for (the first strictly after it) and the one
// before; nullopt when the meeting has none left or its zone is unknown.
std::optional<meeting_times> times_for(const meetings::meeting& m, const meetings::school_calendar& cal, long long fire_ms);

// The group's learning areas as the catalogue and plans name them ("Mathematics and
// Statistics" for "maths").
std::vector<std::string> canonical_areas(const meetings::group& g, const collab::content* words,
                                         const flows::message_catalog* messages);

// Open plans (not yet reflected on) whose learning areas or year levels overlap the group;
// for a group with neither, every open plan one of `people` partners. Newest first.
std::vector<collab::plan> group_plans(const flows::record_view& records, const std::string& tenant,
                                      const meetings::group& g, const std::vector<std::string>& areas,
                                      const std::vector<std::string>& people);

// Resources in `areas` added on or after `since`, newest first (none without areas).
std::vector<catalogue::resource> new_resources(const catalogue::catalogue* resources, const std::string& tenant,
                                               const std::vector<std::string>& areas, schedule::civil_date since);

}  // namespace commonsbot::nudges
