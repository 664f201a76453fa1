// `commonsbot store ...`: offline care of a data directory.
#pragma once

#include <filesystem>
#include <string>

namespace commonsbot::cli {

struct store_flags {
  std::filesystem::path config;
  std::string data_dir;    // empty: store.dir from the config
  std::string backup_dir;  // repair
  std::string file;        // export / import
  bool force = false;      // import
  bool include_secrets = false;  // export: keep tokens (as the store holds them, sealed)
};

int store_verify_command(const store_flags& flags);
int store_repair_command(const store_flags& flags);
int store_export_command(const store_flags& flags);
int store_import_command(const store_flags& flags);

}  // namespace commonsbot::cli
