#include "collab/role_mentions.hpp"

#include "core/text.hpp"

namespace commonsbot::collab::people {

std::optional<mention> parse_mention(std::string_view typed, std::string_view platform) {
  const std::string text = core::trim(typed);
  if (text.empty()) return std::nullopt;
  mention m;
  if (text.starts_with("<@") && text.ends_with(">")) {  // Slack
    const std::string inner = text.substr(2, text.size() - 3);
    const auto bar = inner.find('|');
    m.user_id = inner.substr(0, bar);
    if (bar != std::string::npos) m.name = inner.substr(bar + 1);
    if (m.user_id.empty()) return std::nullopt;
    return m;
  }
  if (text.starts_with("<at>") && text.ends_with("</at>")) {  // Teams
    m.name = core::trim(text.substr(4, text.size() - 9));
    if (m.name.empty()) return std::nullopt;
    return m;
  }
  const std::string rest = text.front() == '@' ? core::trim(text.substr(1)) : text;
  if (rest.empty()) return std::nullopt;
  if (platform == "matrix" && rest.find(':') != std::string::npos) {
    m.user_id = "@" + rest;  // Matrix ids keep their @
    return m;
  }
  m.name = rest;
  if (platform == "console") m.user_id = console_user_id(rest);
  return m;
}

std::optional<resolved_person> resolve_mention(const mention& m, const std::vector<core::person>& people,
                                               const core::person& asker) {
  auto here = [&](const core::person& p) { return p.tenant == asker.tenant && p.platform == asker.platform; };
  if (!m.user_id.empty())
    for (const auto& p : people)
      if (here(p) && p.user_id == m.user_id) return resolved_person{p, true};
  if (!m.name.empty()) {
    const std::string want = core::to_lower_ascii(m.name);
    const core::person* found = nullptr;
    for (const auto& p : people) {
      if (!here(p) || core::to_lower_ascii(p.display_name) != want) continue;
      if (found) {
        found = nullptr;  // two people share the name: only an id can tell them apart
        break;
      }
      found = &p;
    }
    if (found) return resolved_person{*found, true};
  }
  if (m.user_id.empty()) return std::nullopt;
  resolved_person fresh;
  fresh.person.tenant = asker.tenant;
  fresh.person.platform = asker.platform;
  fresh.person.user_id = m.user_id;
  fresh.person.display_name = m.name;
  return fresh;
}

}  // namespace commonsbot::collab::people
