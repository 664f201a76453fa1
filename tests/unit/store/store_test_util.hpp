// Helpers shared by the store's unit tests.
#pragma once

#include "store/json_file_store.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace commonsbot::store::test {

inline options fast_options(const std::filesystem::path& dir, env* e = nullptr) {
  options o;
  o.dir = dir.string();
  o.env = e;
  return o;
}

inline std::unique_ptr<json_file_store> must_open(const options& o) {
  auto r = json_file_store::open(o);
  INFO(r.st.to_string());
  REQUIRE(r.st.is_ok());
  return std::move(r.store);
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline void write_file(const std::filesystem::path& p, const std::string& data) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << data;
}

// Names in `dir` that start with `prefix`, sorted.
inline std::vector<std::string> files_with_prefix(const std::filesystem::path& dir, const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const auto name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline transaction put_txn(const std::string& coll, const std::string& key, nlohmann::json value) {
  transaction t;
  t.put(coll, key, std::move(value));
  return t;
}

}  // namespace commonsbot::store::test
