// Message catalogue: the words the bot says, by locale, loaded from
// templates/messages/<locale>/*.json. Keys are dotted ("starters.pick"); nested objects in
// the files are flattened. A key missing from a locale falls back to the default locale.
#pragma once

#include "flows/problem.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace commonsbot::flows {

using variables = std::map<std::string, std::string, std::less<>>;

class message_catalog {
 public:
  explicit message_catalog(std::string default_locale = "en-NZ");

  // Loads every locale folder under `dir`. Problems (bad JSON, non-string values, a default
  // locale that is missing) are appended to `problems`.
  void load(const std::filesystem::path& dir, problem_list& problems);

  // Adds or replaces one message (tests, and the loader).
  void add(const std::string& locale, const std::string& key, std::string text);

  bool has(std::string_view key) const;  // in the default locale
  const std::string& default_locale() const { return default_locale_; }

  // The text for `key` in `locale` (falling back to the default locale) with each {name}
  // replaced by vars["name"]. Unknown placeholders stay as written. A missing key gives
  // "[key]", so a gap is visible rather than silent.
  std::string text(std::string_view locale, std::string_view key, const variables& vars = {}) const;

 private:
  const std::string* find(std::string_view locale, std::string_view key) const;
  std::string default_locale_;
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>> by_locale_;
};

// Replaces {name} placeholders in `text`.
std::string interpolate(std::string_view text, const variables& vars);

}  // namespace commonsbot::flows
