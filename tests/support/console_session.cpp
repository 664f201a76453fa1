#include "support/console_session.hpp"

#include <fstream>
#include <vector>

namespace commonsbot::test {

std::string binary() { return COMMONSBOT_BINARY; }

std::filesystem::path write_test_config(const temp_dir& dir, const std::string& server_extra,
                                        const std::string& tenant_extra) {
  const auto path = dir / "commonsbot.json";
  std::ofstream(path) << R"({
    "server": {"address": "127.0.0.1", "port": 0, "threads": 2)" << server_extra << R"(},
    "store": {"dir": ")" << (dir / "data").string() << R"("},
    "flows": {"templates_dir": ")" << COMMONSBOT_SOURCE_DIR << R"(/templates"},
    "log": {"level": "info"},
    "tenants": [{"id": "console", "roles": {"aroha": "library_staff"})" << tenant_extra << R"(}],
    "adapters": {"console": {"tenant": "console"}}
  })";
  return path;
}

run_result chat(const std::filesystem::path& config, const std::string& name, const std::string& role,
                const std::string& script) {
  std::vector<std::string> argv{binary(), "chat", "--config", config.string(), "--as", name};
  if (!role.empty()) {
    argv.push_back("--role");
    argv.push_back(role);
  }
  return run_process(argv, script);
}

run_result chat(const std::filesystem::path& config, const std::string& name, const std::string& script) {
  return chat(config, name, "", script);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t after(const std::string& haystack, const std::string& needle, std::size_t from) {
  return from == std::string::npos ? from : haystack.find(needle, from);
}

}  // namespace commonsbot::test
