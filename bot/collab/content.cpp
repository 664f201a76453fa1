#include "collab/content.hpp"

#include "core/lists.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace commonsbot::collab {
namespace {

using flows::problem;

void error(flows::problem_list& problems, const std::string& file, const std::string& path, std::string what) {
  problems.push_back({problem::severity::error, file, path, std::move(what)});
}

std::vector<content_item> read_items(const nlohmann::json& j, const std::string& file,
                                     const flows::message_catalog& messages, flows::problem_list& problems) {
  std::vector<content_item> items;
  auto list = j.is_object() ? j.find("items") : j.end();
  if (!j.is_object() || list == j.end() || !list->is_array() || list->empty()) {
    error(problems, file, "/items", "needs a list of at least one item");
    return items;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& o = (*list)[i];
    const std::string path = "/items/" + std::to_string(i);
    if (!o.is_object()) {
      error(problems, file, path, "must be an object with id, name and about");
      continue;
    }
    content_item item;
    auto text = [&](const char* key, std::string& out, bool message) {
      auto it = o.find(key);
      if (it == o.end() || !it->is_string() || it->get<std::string>().empty()) {
        error(problems, file, path + "/" + key, "missing (text)");
        return;
      }
      out = it->get<std::string>();
      if (message && !messages.has(out))
        error(problems, file, path + "/" + key, "no message \"" + out + "\" in the " + messages.default_locale() + " messages");
    };
    text("id", item.id, false);
    text("name", item.name, true);
    text("about", item.about, true);
    if (auto lv = o.find("level"); lv != o.end()) {
      if (lv->is_number_unsigned()) item.level = lv->get<int>();
      else error(problems, file, path + "/level", "must be a whole number");
    }
    if (!item.id.empty() && !seen.insert(item.id).second) error(problems, file, path + "/id", "duplicate id \"" + item.id + "\"");
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

content content::load(const std::filesystem::path& templates_dir, const flows::message_catalog& messages,
                      const std::vector<std::string>& required, flows::problem_list& problems) {
  namespace fs = std::filesystem;
  content c;
  const fs::path dir = templates_dir / "content";
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(dir, ec))
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    auto j = nlohmann::json::parse(buf.str(), nullptr, false, /*ignore_comments=*/true);
    if (j.is_discarded()) {
      error(problems, path.string(), "", "not valid JSON (check for a missing comma or quote)");
      continue;
    }
    c.lists_[path.stem().string()] = read_items(j, path.string(), messages, problems);
  }
  for (const auto& name : required)
    if (!c.lists_.contains(name)) error(problems, (dir / (name + ".json")).string(), "", "missing: the bot needs this list");
  return c;
}

void content::add(std::string list, std::vector<content_item> items) { lists_[std::move(list)] = std::move(items); }

const std::vector<content_item>& content::list(std::string_view name) const {
  static const std::vector<content_item> none;
  auto it = lists_.find(name);
  return it == lists_.end() ? none : it->second;
}

const content_item* content::find(std::string_view list_name, std::string_view id) const {
  const auto& items = list(list_name);
  auto it = std::find_if(items.begin(), items.end(), [&](const content_item& i) { return i.id == id; });
  return it == items.end() ? nullptr : &*it;
}

std::vector<std::string> names_of(const content_item& item, const flows::message_catalog& messages,
                                  std::string_view locale) {
  std::vector<std::string> out{messages.text(locale, item.name), messages.text(messages.default_locale(), item.name)};
  if (item.name.size() > 5 && item.name.ends_with(".name")) {
    const std::string aliases = item.name.substr(0, item.name.size() - 5) + ".aliases";
    if (messages.has(aliases))
      for (std::string_view in : {locale, std::string_view(messages.default_locale())})
        for (auto& a : core::split_list(messages.text(in, aliases), ",;\n")) out.push_back(std::move(a));
  }
  return out;
}

}  // namespace commonsbot::collab
