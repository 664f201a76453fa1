#include "collab/glossary.hpp"

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
    for (const auto& n : names_of(item, messages, locale)) add(n);
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
