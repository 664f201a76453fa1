// Keeps a key_holder's signing keys fresh, off the request path: a request never waits on the
// network, it reads whatever set the holder has (none yet means 503, never a pass).
//
//   key_refresher refresher(holder, {}, fetch, clock);
//   refresher.start();                 // a small thread: loads at once, then every 24 h
//   ... verify_token(..., holder.load().get(), ...) == "unknown_kid" → refresher.request_refresh()
//   refresher.stop();                  // joins; also done by the destructor
//
// When to refresh: at once when there are no keys; when the set is older than max_age_ms
// (24 h); on an unknown kid, but only if no refresh was tried within miss_interval_ms (1 h),
// so forged kids cannot make us hammer Microsoft (the request itself is refused at once).
// After a failed refresh the last good set stays in use and the next try is retry_ms later.
// Fetching and the clock are injected, and step() runs one decision, so tests drive it all
// without threads or a network.
#pragma once

#include "adapters/teams/signing_keys.hpp"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace commonsbot::adapters::teams {

// One GET's answer. `status` 0 with `error` set: no answer (DNS, TLS, timeout).
struct fetch_answer {
  int status = 0;
  std::string body;
  std::string error;
};
// A blocking, time-limited GET; called from the refresher's thread (or from step()).
using fetch_function = std::function<fetch_answer(const std::string& url)>;
// Milliseconds on a clock that does not go back (any epoch); called from the same threads.
using clock_function = std::function<long long()>;

struct refresh_policy {
  std::string metadata_url = std::string(default_openid_metadata_url);
  long long max_age_ms = 24LL * 60 * 60 * 1000;
  long long miss_interval_ms = 60LL * 60 * 1000;
  long long retry_ms = 60LL * 1000;  // after a failed refresh
  long long poll_ms = 60LL * 1000;   // the thread's longest sleep, in real time
};

enum class refresh_outcome {
  idle,       // nothing was due
  refreshed,  // a new set is in the holder
  failed,     // fetching or parsing failed; the holder keeps what it had
};

class key_refresher {
 public:
  key_refresher(key_holder& keys, refresh_policy policy, fetch_function fetch, clock_function now_ms);
  ~key_refresher();
  key_refresher(const key_refresher&) = delete;
  key_refresher& operator=(const key_refresher&) = delete;

  // Refreshes if one is due (see the top of this file). Blocks on the network when it does.
  refresh_outcome step();
  // A token named a kid the current set lacks. Never blocks on the network: it only wakes the
  // thread, whose next step() decides whether the hourly allowance permits a refresh.
  void request_refresh();

  // The background thread. start() while running and stop() while stopped do nothing; stop()
  // waits for a fetch under way, which the fetch function's own time limit bounds.
  void start();
  void stop();

  std::string last_error() const;  // of the last failed refresh, "" after a success

 private:
  bool due(long long now, bool miss) const;
  refresh_outcome refresh(long long now, bool miss);
  void run();

  key_holder& keys_;
  const refresh_policy policy_;
  const fetch_function fetch_;
  const clock_function now_ms_;

  std::mutex step_mutex_;  // one step at a time; held across the fetch
  mutable std::mutex state_mutex_;  // never held across the fetch
  std::condition_variable wake_;
  bool miss_requested_ = false;
  bool stopping_ = false;
  bool attempted_ = false;
  long long last_attempt_ms_ = 0;
  long long next_scheduled_ms_ = 0;  // the next 24 h refresh, or retry after a failure
  std::string last_error_;

  std::mutex lifecycle_mutex_;  // start and stop
  std::thread thread_;
};

}  // namespace commonsbot::adapters::teams
