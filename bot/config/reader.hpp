// Reading config sections: a walker over one JSON object that reads known keys into typed
// fields, notes every problem with its JSON path, and warns about keys it never asked for.
// Shared by config.cpp and the files that read bigger sections (config_schedule.cpp).
#pragma once

#include "flows/problem.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <set>
#include <string>

namespace commonsbot::config::detail {

using flows::problem;

// Walks a JSON object, reading known keys into typed fields and noting every problem.
class section_reader {
 public:
  section_reader(const nlohmann::json& obj, std::string pointer, const std::string& file, flows::problem_list& problems)
      : obj_(obj), pointer_(std::move(pointer)), file_(file), problems_(problems) {}

  ~section_reader() {
    if (!obj_.is_object()) return;
    for (auto it = obj_.begin(); it != obj_.end(); ++it)
      if (!seen_.contains(it.key()))
        problems_.push_back({problem::severity::warning, file_, pointer_ + "/" + it.key(), "unknown key (ignored)"});
  }

  const nlohmann::json* find(const std::string& key) {
    seen_.insert(key);
    if (!obj_.is_object()) return nullptr;
    auto it = obj_.find(key);
    return it == obj_.end() || it->is_null() ? nullptr : &*it;
  }

  void error(const std::string& key, const std::string& what) {
    problems_.push_back({problem::severity::error, file_, pointer_ + "/" + key, what});
  }
  void warn(const std::string& key, const std::string& what) {
    problems_.push_back({problem::severity::warning, file_, pointer_ + "/" + key, what});
  }

  void text(const std::string& key, std::string& out) {
    if (auto v = find(key)) {
      if (v->is_string()) out = v->get<std::string>();
      else error(key, "must be text");
    }
  }

  template <class T>
  void number(const std::string& key, T& out, long long min, long long max) {
    if (auto v = find(key)) {
      if (!v->is_number_integer()) return error(key, "must be a whole number");
      const long long n = v->get<long long>();
      if (n < min || n > max) return error(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
      out = static_cast<T>(n);
    }
  }

  void millis(const std::string& key, std::chrono::milliseconds& out, long long min, long long max) {
    long long ms = out.count();
    number(key, ms, min, max);
    out = std::chrono::milliseconds(ms);
  }

  const std::string& pointer() const { return pointer_; }

 private:
  const nlohmann::json& obj_;
  std::string pointer_;
  const std::string& file_;
  flows::problem_list& problems_;
  std::set<std::string> seen_;
};

}  // namespace commonsbot::config::detail
