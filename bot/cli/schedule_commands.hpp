// `commonsbot schedule list|next|run-now`: look at the scheduled jobs and fire one by hand.
// Offline, like the outbox commands: they open the data directory themselves and refuse
// while a server holds it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace commonsbot::cli {

struct schedule_flags {
  std::filesystem::path config;
  std::string data_dir;  // empty: store.dir from the config
  std::size_t count = 10;  // next: how many fires to show
  std::string job;         // run-now: "<tenant>/<job id>", as `list` prints it
};

int schedule_list_command(const schedule_flags& flags);
// The next `count` fires across all jobs, soonest first, in each job's local time and UTC.
int schedule_next_command(const schedule_flags& flags);
// Fires the job once now, committing its effects (outbox entries) with its last fire id.
int schedule_run_now_command(const schedule_flags& flags);

}  // namespace commonsbot::cli
