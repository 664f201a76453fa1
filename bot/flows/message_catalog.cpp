#include "flows/message_catalog.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace commonsbot::flows {
namespace {

void flatten(const nlohmann::json& j, const std::string& prefix, const std::string& pointer,
             const std::string& file, const std::string& locale, message_catalog& out,
             problem_list& problems) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
    const std::string ptr = pointer + "/" + it.key();
    if (it->is_string())
      out.add(locale, key, it->get<std::string>());
    else if (it->is_object())
      flatten(*it, key, ptr, file, locale, out, problems);
    else if (it->is_array() && std::all_of(it->begin(), it->end(), [](const auto& v) { return v.is_string(); })) {
      // An array of lines reads better in the file than one long string.
      std::string joined;
      for (const auto& line : *it) joined += (joined.empty() ? "" : "\n") + line.get<std::string>();
      out.add(locale, key, joined);
    } else {
      problems.push_back({problem::severity::error, file, ptr, "expected text, an array of lines or an object"});
    }
  }
}

}  // namespace

std::string problem::to_string() const {
  std::string s = file;
  if (!path.empty()) s += (s.empty() ? "" : ": ") + path;
  s += (s.empty() ? "" : ": ") + what;
  return s;
}

message_catalog::message_catalog(std::string default_locale) : default_locale_(std::move(default_locale)) {}

void message_catalog::load(const std::filesystem::path& dir, problem_list& problems) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    problems.push_back({problem::severity::error, dir.string(), "", "messages folder not found"});
    return;
  }
  for (const auto& locale_dir : fs::directory_iterator(dir)) {
    if (!locale_dir.is_directory()) continue;
    const std::string locale = locale_dir.path().filename().string();
    for (const auto& entry : fs::directory_iterator(locale_dir.path())) {
      if (entry.path().extension() != ".json") continue;
      const std::string file = entry.path().string();
      std::ifstream in(entry.path());
      std::stringstream buf;
      buf << in.rdbuf();
      auto j = nlohmann::json::parse(buf.str(), nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
      if (j.is_discarded() || !j.is_object()) {
        problems.push_back({problem::severity::error, file, "", "not a JSON object (check for a missing comma or quote)"});
        continue;
      }
      flatten(j, "", "", file, locale, *this, problems);
    }
  }
  if (!by_locale_.contains(default_locale_))
    problems.push_back({problem::severity::error, (dir / default_locale_).string(), "",
                        "no messages for the default locale " + default_locale_});
}

void message_catalog::add(const std::string& locale, const std::string& key, std::string text) {
  by_locale_[locale][key] = std::move(text);
}

bool message_catalog::has(std::string_view key) const { return find(default_locale_, key) != nullptr; }

const std::string* message_catalog::find(std::string_view locale, std::string_view key) const {
  auto loc = by_locale_.find(locale);
  if (loc == by_locale_.end()) return nullptr;
  auto it = loc->second.find(key);
  return it == loc->second.end() ? nullptr : &it->second;
}

std::string message_catalog::text(std::string_view locale, std::string_view key, const variables& vars) const {
  const std::string* t = locale.empty() ? nullptr : find(locale, key);
  if (!t) t = find(default_locale_, key);
  if (!t) return "[" + std::string(key) + "]";
  return interpolate(*t, vars);
}

std::string interpolate(std::string_view text, const variables& vars) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '{') {
      auto close = text.find('}', i + 1);
      if (close != std::string_view::npos) {
        auto name = text.substr(i + 1, close - i - 1);
        if (auto it = vars.find(name); it != vars.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace commonsbot::flows
