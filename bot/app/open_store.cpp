#include "app/runtime.hpp"
#include "store/json_file_store.hpp"

#include <ostream>

namespace commonsbot::app {

std::unique_ptr<store::store> open_store(const config::config& cfg, std::ostream& err) {
  store::options opts;
  opts.dir = cfg.data_dir.string();
  opts.sync = cfg.store_sync == "never"      ? store::sync_mode::never
              : cfg.store_sync == "interval" ? store::sync_mode::interval
                                             : store::sync_mode::always;
  opts.snapshot_min_bytes = cfg.snapshot_threshold_bytes;
  auto opened = store::json_file_store::open(opts);
  if (!opened.st) {
    err << "commonsbot: cannot open the data directory " << opts.dir << ": " << opened.st.to_string() << "\n";
    if (opened.st.code() == store::status_code::corruption)
      err << "  Nothing has been changed. 'commonsbot store verify' shows the details; "
             "'commonsbot store repair --backup DIR' keeps everything up to the damage.\n";
    return nullptr;
  }
  return std::move(opened.store);
}

std::unique_ptr<store::store> open_offline_store(const std::string& dir, const std::string& who, std::string_view advice,
                                                 std::ostream& err) {
  store::options opts;
  opts.dir = dir;
  auto opened = store::json_file_store::open(opts);
  if (opened.st.code() == store::status_code::locked) {
    err << who << ": the data directory " << dir << " is in use by a running commonsbot (it holds the lock).\n" << advice;
    return nullptr;
  }
  if (!opened.st) {
    err << who << ": cannot open " << dir << ": " << opened.st.to_string() << "\n";
    return nullptr;
  }
  return std::move(opened.store);
}

}  // namespace commonsbot::app
