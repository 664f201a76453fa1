// The team's shared vocabulary (templates/content/glossary.json): the terms, named in the
// reader's language, and finding one from what someone typed.
#pragma once

#include "collab/content.hpp"
#include "flows/message_catalog.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab::people {

struct glossary_entry {
  std::string id;
  std::string name;   // in the reader's language
  std::string about;
  std::vector<std::string> keys;  // simplified names and aliases that find it exactly
};

// The glossary in `locale`. Aliases come from the message next to the name: "<...>.name" has
// "<...>.aliases", a comma list (e.g. "sdi, selective dissemination").
std::vector<glossary_entry> glossary_of(const content& words, const flows::message_catalog& messages,
                                        std::string_view locale);

// What `query` finds: the one entry it names exactly (any case, hyphens and spaces ignored),
// else every entry whose name, id or alias contains it. Empty if nothing does.
std::vector<const glossary_entry*> find_terms(std::string_view query, const std::vector<glossary_entry>& entries);

}  // namespace commonsbot::collab::people
