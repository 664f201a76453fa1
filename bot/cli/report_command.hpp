// `commonsbot report`: the evidence report (the same one as /library report) as JSON, CSV or
// text, for spreadsheets and board reports.
#pragma once

#include <filesystem>
#include <string>

namespace commonsbot::cli {

struct report_flags {
  std::filesystem::path config;
  std::string data_dir;        // empty: store.dir from the config
  std::string from, to;        // YYYY-MM-DD, both or neither
  int term = 0;                // 1-4: that school term (of --year, default this year)
  int year = 0;
  std::string tenant;          // empty: the config's only school
  std::string format = "text"; // json | csv | text
};

// Reads the data directory without taking its lock (as `store export` does), so it works
// whether or not the server is running. 0 ok, 1 the store could not be read, 2 bad usage.
int report_command(const report_flags& flags);

}  // namespace commonsbot::cli
