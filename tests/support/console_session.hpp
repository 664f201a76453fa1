// Running the real binary in integration tests: a config whose store is a fresh data
// directory, and `commonsbot chat` scripts fed on stdin, one process per call, so a later
// call on the same config is a restart on the same data.
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <cstddef>
#include <filesystem>
#include <string>

namespace commonsbot::test {

// The built `commonsbot` binary.
std::string binary();

// Writes `dir`/commonsbot.json: the real templates, the store in `dir`/data, one tenant
// "console" (Aroha is library staff) served by the console adapter. `server_extra` is added
// inside "server", `tenant_extra` inside the tenant (each starting with a comma).
std::filesystem::path write_test_config(const temp_dir& dir, const std::string& server_extra = "",
                                        const std::string& tenant_extra = "");

// `commonsbot chat --as name [--role role]` with `script` on stdin; no role when empty.
run_result chat(const std::filesystem::path& config, const std::string& name, const std::string& role,
                const std::string& script);
// The same with the role the config or the store gives `name`.
run_result chat(const std::filesystem::path& config, const std::string& name, const std::string& script);

bool contains(const std::string& haystack, const std::string& needle);

// The position of `needle` in `haystack` at or after `from`; npos when it is not there (or
// `from` is npos), so checks for an order can be chained.
std::size_t after(const std::string& haystack, const std::string& needle, std::size_t from);

}  // namespace commonsbot::test
