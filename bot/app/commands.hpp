// The commands that run the bot itself: `serve` (the server, the outbox worker, the
// schedule loop and the platform adapters) and `chat` (the console), and `check-config`,
// which loads what they would. Each returns the process exit status: 0 success, 1 the work
// failed, 2 bad usage or configuration.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace commonsbot::app {

struct serve_flags {
  std::filesystem::path config;
  std::optional<std::filesystem::path> data_dir;  // overrides store.dir
  std::optional<unsigned> port;                   // overrides server.port (0: any free port)
  std::filesystem::path port_file;                // written with the bound port once listening
  std::filesystem::path clock_file;               // tests: the time comes from this file (ms since 1970)
};
int serve_command(const serve_flags& flags);

struct chat_flags {
  std::filesystem::path config;
  std::optional<std::filesystem::path> data_dir;
  std::string name;
  std::string role;  // empty: keep the person's stored role
};
int chat_command(const chat_flags& flags);

int check_config_command(const std::filesystem::path& config);

}  // namespace commonsbot::app
