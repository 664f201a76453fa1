#include "adapters/settings_reader.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace commonsbot::adapters {

secret_value read_secret(const nlohmann::json& ref, const std::string& file, const std::string& pointer,
                         flows::problem_list& problems) {
  using flows::problem;
  if (ref.is_object() && ref.size() == 1 && ref.contains("env") && ref["env"].is_string()) {
    const std::string var = ref["env"].get<std::string>();
    const char* v = std::getenv(var.c_str());
    if (!v || !*v) {
      problems.push_back({problem::severity::error, file, pointer, "environment variable " + var + " is not set"});
      return {};
    }
    return secret_value(v);
  }
  if (ref.is_object() && ref.size() == 1 && ref.contains("file") && ref["file"].is_string()) {
    const std::string path = ref["file"].get<std::string>();
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string value = buf.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    if (!in || value.empty()) {
      problems.push_back({problem::severity::error, file, pointer, "cannot read secret file " + path + " (or it is empty)"});
      return {};
    }
    return secret_value(std::move(value));
  }
  problems.push_back({problem::severity::error, file, pointer,
                      "must be {\"env\": \"NAME\"} or {\"file\": \"PATH\"}; secrets are never written inline"});
  return {};
}

void read_text(const nlohmann::json& section, const std::string& file, const std::string& base, const char* name,
               std::string& out, flows::problem_list& problems) {
  auto it = section.find(name);
  if (it == section.end()) return;
  if (!it->is_string())
    problems.push_back({flows::problem::severity::error, file, base + name, "must be a string"});
  else
    out = it->get<std::string>();
}

}  // namespace commonsbot::adapters
