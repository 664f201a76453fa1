// Who "@Mere" means: reading a mention the way each platform sends it, and finding the
// person among the school's people. Pure, so the role flow (and anything else that names a
// colleague) can be tested without a chat platform.
#pragma once

#include "collab/people_records.hpp"
#include "core/person.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::collab::people {

struct mention {
  std::string user_id;  // the platform's id when the mention carries one; else empty
  std::string name;     // the name as typed or as the platform gave it; may be empty
};

// Slack "<@U123>" / "<@U123|mere>", Teams "<at>Mere</at>", Matrix "@mere:school.nz", and
// "@Mere" (or just "Mere") elsewhere. On the console, where ids are made from names, the id
// is worked out from the name. nullopt for empty text.
std::optional<mention> parse_mention(std::string_view text, std::string_view platform);

struct resolved_person {
  core::person person;
  bool known = false;  // false: a new record to create (the bot hasn't met them yet)
};

// The person `m` means, among `people` on the asker's platform and school: by id first, then
// by display name (any case; it must be unique). Someone with an id but no record yet comes
// back as a new person. nullopt when nobody matches and there is no id to create one with.
std::optional<resolved_person> resolve_mention(const mention& m, const std::vector<core::person>& people,
                                               const core::person& asker);

}  // namespace commonsbot::collab::people
