// Time zones from the platform, for people who have not set one (issue 7: "time zone (from
// the platform where it offers one)"). A tiny worker thread in `serve`, so neither the
// request path nor the schedule loop ever waits on Slack:
//
//   every minute (clock time), when nothing is queued: scan "people" for people on a
//     platform we can ask (Slack) whose time_zone is empty and who were not asked in the
//     last day (remembered in memory: a restart asks again, within the same budget)
//   each step: at most one lookup, at most `per_minute` a minute; a 429 ends the minute
//   a zone found is not written here: it goes into the pipeline as a lifecycle event
//     "time_zone_found" for that person, and the action on.time_zone_found
//     (pipeline/zone_actions.hpp) sets it only if the person's time_zone is still empty, under
//     the write guard, so it never races a /library profile edit
//
// Each platform that can say a person's zone gives a zone_source (Slack: users.info with the
// team's token, adapters/slack/zone_lookup.hpp).
#pragma once

#include "adapters/slack/users_info.hpp"
#include "core/clock.hpp"
#include "core/event_sink.hpp"
#include "store/store.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace commonsbot::workers {

// The four answers are the same for every platform; Slack's was the first.
using zone_answer = adapters::slack::zone_answer;

// How to ask one platform for one person's zone. `ask` blocks: worker thread only.
struct zone_source {
  std::string platform;
  std::function<zone_answer(const std::string& tenant, const std::string& user_id)> ask;
};

struct people_zones_options {
  int per_minute = 20;                             // Slack's users.info is Tier 4 (100+/min)
  long long retry_after_ms = 24LL * 60 * 60 * 1000;  // someone asked is not asked again for a day
  long long rescan_every_ms = 60'000;              // clock time between scans of "people"
  std::size_t max_queue = 1000;                    // the rest wait for the next scan
  std::chrono::milliseconds idle = std::chrono::seconds(1);  // the worker's sleep (real time)
};

class people_zones {
 public:
  people_zones(const store::store& db, core::event_sink& events, const core::clock& clock,
               std::vector<zone_source> sources, people_zones_options opts = {});
  ~people_zones();  // stop()s
  people_zones(const people_zones&) = delete;
  people_zones& operator=(const people_zones&) = delete;

  // At most one lookup, when one is due and the minute's budget allows; a zone found is
  // submitted and waited for (on this thread). Returns whether it asked. Tests call it.
  bool step();
  void start();  // step() on its own thread until stop()
  void stop();   // joins; safe to call twice

 private:
  struct queued {
    std::string key;  // the people key: tenant/platform:user
    const zone_source* source = nullptr;
  };
  void rescan(long long now_ms);
  void apply(const nlohmann::json& person, const std::string& zone);

  const store::store& db_;
  core::event_sink& events_;
  const core::clock& clock_;
  std::vector<zone_source> sources_;
  people_zones_options opts_;

  // Worker thread only (or the test calling step()).
  std::deque<queued> queue_;
  std::unordered_map<std::string, long long> asked_at_;
  long long scanned_at_ = 0;
  bool scanned_ = false;
  long long window_at_ = 0;
  int used_ = 0;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace commonsbot::workers
