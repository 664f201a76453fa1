// `commonsbot outbox list|retry|drop`: offline care of the outbox and its dead letters. They
// open the data directory themselves, so they refuse (clearly) while a server holds it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace commonsbot::cli {

struct outbox_flags {
  std::filesystem::path config;
  std::string data_dir;          // empty: store.dir from the config
  std::vector<std::string> ids;  // "<tenant>/<id>" keys, as `list` prints them
  bool dead = false;             // list / drop: the dead letters instead of the outbox
  bool all = false;              // retry / drop: every entry of the chosen collection
};

int outbox_list_command(const outbox_flags& flags);
// Dead letters named (or all with --all) go back to the outbox, due now with a fresh attempt
// count; outbox entries named are made due now.
int outbox_retry_command(const outbox_flags& flags);
int outbox_drop_command(const outbox_flags& flags);

}  // namespace commonsbot::cli
