#include "collab/glossary.hpp"

#include "collab/profile_fields.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace commonsbot::collab::people {
namespace {

// "Co-Teaching" and "co teaching" and "coteaching" all become "coteaching".
std::string simplify(std::string_view text) {
  std::string out;
  for (char c : core::to_lower_ascii(core::trim(text)))
    if (c != ' ' && c != '-' && c != '_' && c != '\t') out += c;
  return out;
}

}  // namespace

std::vector<glossary_entry> glossary_of(const content& words, const flows::message_catalog& messages,
                                        std::string_view locale) {
  std::vector<glossary_entry> out;
  for (const auto& item : words.list("glossary")) {
    glossary_entry e;
    e.id = item.id;
    e.name = messages.text(locale, item.name);
    e.about = messages.text(locale, item.about);
    auto add = [&e](std::string_view k) {
      std::string s = simplify(k);
      if (!s.empty() && std::find(e.keys.begin(), e.keys.end(), s) == e.keys.end()) e.keys.push_back(std::move(s));
    };
    add(e.id);
    add(e.name);
    add(messages.text(messages.default_locale(), item.name));
    if (item.name.size() > 5 && item.name.ends_with(".name")) {
      const std::string aliases = item.name.substr(0, item.name.size() - 5) + ".aliases";
      if (messages.has(aliases)) {
        for (const auto& a : split_list(messages.text(locale, aliases))) add(a);
        for (const auto& a : split_list(messages.text(messages.default_locale(), aliases))) add(a);
      }
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<const glossary_entry*> find_terms(std::string_view query, const std::vector<glossary_entry>& entries) {
  std::vector<const glossary_entry*> found;
  const std::string q = simplify(query);
  if (q.empty()) return found;
  for (const auto& e : entries)
    if (std::find(e.keys.begin(), e.keys.end(), q) != e.keys.end()) return {&e};
  for (const auto& e : entries)
    if (std::any_of(e.keys.begin(), e.keys.end(), [&](const std::string& k) { return k.find(q) != std::string::npos; }))
      found.push_back(&e);
  return found;
}

}  // namespace commonsbot::collab::people
