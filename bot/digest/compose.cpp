#include "digest/compose.hpp"

#include "catalogue/resource.hpp"
#include "core/text.hpp"
#include "digest/feedback.hpp"
#include "flows/action.hpp"
#include "flows/message_catalog.hpp"

#include <algorithm>

namespace commonsbot::digest {
namespace {

using flows::message_catalog;

// The text squeezed onto one line and cut at a word near `max_chars` code points.
std::string one_line(std::string_view text, std::size_t max_chars) {
  std::string flat;
  for (char c : text) {
    const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (!space) flat += c;
    else if (!flat.empty() && flat.back() != ' ') flat += ' ';
  }
  flat = core::trim(flat);
  if (!core::is_valid_utf8(flat) || core::utf8_length(flat) <= max_chars) return flat;
  std::size_t cut = 0, count = 0;
  while (cut < flat.size() && count < max_chars) {
    ++cut;
    while (cut < flat.size() && (static_cast<unsigned char>(flat[cut]) & 0xC0) == 0x80) ++cut;
    ++count;
  }
  if (auto space = flat.rfind(' ', cut); space != std::string::npos && space > cut / 2) cut = space;
  std::string out = flat.substr(0, cut);
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == '.')) out.pop_back();
  return out + "\xE2\x80\xA6";
}

// "a", "a and b", "a, b and c".
std::string join_and(const message_catalog& words, std::string_view locale, const std::vector<std::string>& items) {
  const std::string last = words.text(locale, "digest.words.and");
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? " " + last + " " : ", ";
    out += items[i];
  }
  return out;
}

// How a learning area reads inside a sentence ("science", but "English"): the locale's
// digest.area_in_sentence.<key>, else its canonical name.
std::string area_in_sentence(const message_catalog& words, std::string_view locale, std::string_view area) {
  std::string slug;
  for (char c : catalogue::area_key(area)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) slug += c;
    else if (c == ' ' && !slug.empty() && slug.back() != '_') slug += '_';
  }
  const std::string key = "digest.area_in_sentence." + slug;
  return words.has(key) ? words.text(locale, key) : catalogue::canonical_area(area);
}

std::string quoted_list(const message_catalog& words, std::string_view locale, const std::vector<std::string>& values) {
  std::vector<std::string> q;
  for (const auto& v : values) q.push_back("'" + v + "'");
  return join_and(words, locale, q);
}

std::string phrase(const message_catalog& words, std::string_view locale, const reason_part& part) {
  switch (part.what) {
    case reason_part::kind::teaches: {
      if (part.values.empty()) return {};
      const std::string area = area_in_sentence(words, locale, part.values.front());
      const std::vector<std::string> years(part.values.begin() + 1, part.values.end());
      if (years.empty()) return words.text(locale, "digest.reason.teaches", {{"area", area}});
      return words.text(locale, "digest.reason.teaches_years", {{"area", area}, {"years", years_phrase(words, locale, years)}});
    }
    case reason_part::kind::follows:
      return words.text(locale, "digest.reason.follows", {{"words", quoted_list(words, locale, part.values)}});
    case reason_part::kind::liked:
      return words.text(locale, "digest.reason.liked");
  }
  return {};
}

int year_value(const std::string& label) { return label == "NE" ? 0 : std::atoi(label.c_str()); }

core::section item_section(const message_catalog& words, std::string_view locale, const pick& pk, std::size_t number) {
  const auto& r = *pk.item;
  core::section s;
  s.title = std::to_string(number) + ". " + one_line(r.title, max_title_chars);
  std::string text;
  if (!r.description.empty()) text = one_line(r.description, max_summary_chars);
  s.text = std::move(text);
  if (const std::string why = reason_text(words, locale, pk.reason); !why.empty())
    s.fields.push_back({words.text(locale, "digest.why"), words.text(locale, "digest.because", {{"reason", why}})});
  if (!r.link.empty()) s.fields.push_back({words.text(locale, "digest.link"), r.link});
  return s;
}

}  // namespace

std::string years_phrase(const message_catalog& words, std::string_view locale, const std::vector<std::string>& labels) {
  if (labels.empty()) return {};
  if (labels.size() == 1) return words.text(locale, "digest.words.year", {{"years", labels.front()}});
  bool run = true;
  for (std::size_t i = 1; i < labels.size(); ++i) run = run && year_value(labels[i]) == year_value(labels[i - 1]) + 1;
  const std::string list = run && labels.size() > 2 ? labels.front() + "-" + labels.back() : join_and(words, locale, labels);
  return words.text(locale, "digest.words.years", {{"years", list}});
}

std::string reason_text(const message_catalog& words, std::string_view locale, const std::vector<reason_part>& reason) {
  std::vector<std::string> phrases;
  for (const auto& part : reason)
    if (std::string p = phrase(words, locale, part); !p.empty()) phrases.push_back(std::move(p));
  return join_and(words, locale, phrases);
}

core::message compose(const context& ctx, const profile& p, const digest_result& result, std::string_view locale,
                      std::string_view name) {
  static const message_catalog no_words;
  const message_catalog& words = ctx.messages ? *ctx.messages : no_words;
  if (locale.empty()) locale = ctx.default_locale;
  core::message m;
  const flows::variables who{{"name", std::string(name)}, {"count", std::to_string(result.size())}};
  const std::string anon = name.empty() ? "_anon" : "";  // no "Kia ora ," when the name is unknown
  if (result.empty()) {
    m.text = words.text(locale, "digest.nothing_new" + anon, who);
    m.context = words.text(locale, p.subscribed ? "digest.nothing_new_hint" : "digest.not_subscribed_hint");
    return m;
  }
  m.text = words.text(locale, (result.size() == 1 ? "digest.heading_one" : "digest.heading") + anon, who);
  std::size_t number = 0;
  for (const auto& g : result.groups) {
    core::section heading;
    heading.title = g.area.empty() ? words.text(locale, "digest.other_area") : catalogue::canonical_area(g.area);
    m.sections.push_back(std::move(heading));
    for (const auto& pk : g.picks) {
      if (!pk.item) continue;
      ++number;
      m.sections.push_back(item_section(words, locale, pk, number));
      const flows::variables n{{"n", std::to_string(number)}};
      for (verdict v : {verdict::useful, verdict::not_for_me, verdict::more_like_this}) {
        const std::string vname(verdict_name(v));
        m.choices.push_back({flows::record_button(feedback_action, vname + "|" + pk.item->id),
                             words.text(locale, "digest.button." + vname, n), vname + "|" + pk.item->id});
      }
    }
  }
  m.choices.push_back({flows::record_button(unsubscribe_action, ""), words.text(locale, "digest.button.unsubscribe"), ""});
  m.context = words.text(locale, "digest.footer");
  return m;
}

}  // namespace commonsbot::digest
