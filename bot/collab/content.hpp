// Content: the lists schools may edit without touching code — teaching models, continuum
// levels, the planning checklist, glossary terms, survey questions. Each is a file
// templates/content/<list>.json holding {"items": [{"id", "name", "about", "level"?}]}, where
// name and about are message keys (so every list is translated with the messages).
#pragma once

#include "flows/message_catalog.hpp"
#include "flows/problem.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab {

struct content_item {
  std::string id;
  std::string name;   // message key: a short name
  std::string about;  // message key: one or two sentences
  int level = 0;      // continuum: 1 (lightest) upwards; 0 elsewhere
};

// The names `item` goes by, for matching what people type: its name in `locale` and in the
// default locale, then the comma list in the message "<...>.aliases" next to its name key
// "<...>.name", in both locales too.
std::vector<std::string> names_of(const content_item& item, const flows::message_catalog& messages,
                                  std::string_view locale);

class content {
 public:
  // Loads templates_dir/content/*.json; checks message keys against `messages`, ids for
  // duplicates, and that each list in `required` exists. Problems name file and JSON path.
  static content load(const std::filesystem::path& templates_dir, const flows::message_catalog& messages,
                      const std::vector<std::string>& required, flows::problem_list& problems);

  // Adds a list (tests).
  void add(std::string list, std::vector<content_item> items);

  // The items of `list` in file order; empty if there is no such list.
  const std::vector<content_item>& list(std::string_view list) const;
  const content_item* find(std::string_view list, std::string_view id) const;

 private:
  std::map<std::string, std::vector<content_item>, std::less<>> lists_;
};

}  // namespace commonsbot::collab
