// A fresh directory under the system temp dir, removed with everything in it on destruction.
#pragma once

#include <filesystem>
#include <string>

namespace commonsbot::test {

class temp_dir {
 public:
  explicit temp_dir(const std::string& prefix = "commonsbot-test");
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

}  // namespace commonsbot::test
