#include "collab/plan_people.hpp"

#include "collab/plan_input.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace commonsbot::collab {
namespace {

bool mention_char(unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':' || c >= 0x80; }

// The console derives user ids from names ("Aroha Smith" -> "aroha-smith"), so a name
// typed with spaces around it still finds them.
std::string id_like(std::string_view name) { return console_user_id(core::trim(name)); }

}  // namespace

std::vector<std::string> mention_words(std::string_view text) {
  std::vector<std::string> out;
  if (text.find('@') == std::string_view::npos) return split_spoken_list(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "<@") == 0) {  // Slack: <@U123> or <@U123|name>
      const auto close = text.find('>', i);
      if (close == std::string_view::npos) break;
      auto inner = text.substr(i + 2, close - i - 2);
      inner = inner.substr(0, inner.find('|'));
      if (!inner.empty()) out.emplace_back(inner);
      i = close;
    } else if (text[i] == '@' && (i == 0 || !mention_char(static_cast<unsigned char>(text[i - 1])))) {
      std::size_t end = i + 1;
      while (end < text.size() && mention_char(static_cast<unsigned char>(text[end]))) ++end;
      auto word = text.substr(i + 1, end - i - 1);
      while (!word.empty() && (word.back() == '.' || word.back() == ':')) word.remove_suffix(1);
      if (!word.empty()) out.emplace_back(word);
      i = end - 1;
    }
  }
  return out;
}

mentioned resolve_mentions(const flows::record_view& records, const core::person& me, std::string_view text) {
  mentioned out;
  std::optional<std::vector<core::person>> everyone;  // read once, only if a name needs it
  auto add = [&](core::person p) {
    if (p.key() == me.key()) return;
    if (std::none_of(out.people.begin(), out.people.end(), [&](const core::person& q) { return q.key() == p.key(); }))
      out.people.push_back(std::move(p));
  };
  for (const auto& word : mention_words(text)) {
    std::optional<core::person> found;
    for (const std::string& id : {word, id_like(word)}) {
      if (id.empty() || found) continue;
      found = find_person(records, me.tenant, me.platform + ":" + id);
    }
    if (!found) {
      if (!everyone) {
        everyone.emplace();
        for (auto& p : people_of(records, me.tenant))
          if (p.platform == me.platform) everyone->push_back(std::move(p));
      }
      const std::string wanted = id_like(word);
      for (const auto& p : *everyone)
        if (!p.display_name.empty() && id_like(p.display_name) == wanted) {
          found = p;
          break;
        }
    }
    if (found) add(std::move(*found));
    else out.unknown.push_back(word);
  }
  return out;
}

bool library_side(core::role r) { return r == core::role::library_staff; }

bool typed_only(const core::person& p) { return p.platform == "console"; }

}  // namespace commonsbot::collab
