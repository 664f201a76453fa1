// The adapter registry: which platforms this build knows, and which the config enables.
#pragma once

#include "adapters/adapter.hpp"
#include "flows/problem.hpp"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace commonsbot::adapters {

// Builds the push adapters (served over HTTP by `serve`) enabled in the config's "adapters"
// section. A section for a platform this build doesn't have yet is an error, naming it.
// The console is not a push adapter; `commonsbot chat` runs it.
std::vector<std::unique_ptr<adapter>> make_push_adapters(const nlohmann::json& section, const std::string& file,
                                                         flows::problem_list& problems);

}  // namespace commonsbot::adapters
