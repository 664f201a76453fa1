#include "collab/resource_render.hpp"

#include "core/text.hpp"

#include <nlohmann/json.hpp>

namespace commonsbot::collab::resources {
namespace {

std::string join(const std::vector<std::string>& items, std::string_view last_joiner) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += i + 1 == items.size() ? std::string(last_joiner) : ", ";
    out += items[i];
  }
  return out;
}

}  // namespace

std::string one_line(std::string_view text, std::size_t max_chars) {
  std::string flat;
  for (char c : text) {
    const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
    if (!space) flat += c;
    else if (!flat.empty() && flat.back() != ' ') flat += ' ';
  }
  flat = core::trim(flat);
  if (!core::is_valid_utf8(flat) || core::utf8_length(flat) <= max_chars) return flat;
  // Cut after `max_chars` code points, back to the last space if there is one nearby.
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

std::string format_label(const flows::flow_context& ctx, std::string_view format) {
  if (format.empty()) return {};
  const std::string key = "resources.formats." + std::string(format);
  if (!ctx.flows.messages().has(key)) return std::string(format);
  return say(ctx, key);
}

core::section hit_section(const flows::flow_context& ctx, const catalogue::resource& r, std::size_t number) {
  core::section s;
  s.title = std::to_string(number) + ". " + r.title;
  if (r.sample) s.title += " " + say(ctx, "resources.sample_tag");
  s.text = one_line(r.description);
  s.fields.push_back({say(ctx, "resources.field_link"), r.link});
  if (!r.learning_areas.empty()) s.fields.push_back({say(ctx, "resources.field_areas"), join(r.learning_areas, ", ")});
  if (!r.year_levels.empty()) s.fields.push_back({say(ctx, "resources.field_years"), years_text(r.year_levels)});
  if (!r.format.empty()) s.fields.push_back({say(ctx, "resources.field_format"), format_label(ctx, r.format)});
  return s;
}

std::string filters_text(const flows::flow_context& ctx, const resource_query& q) {
  std::string out;
  if (!q.areas.empty()) out += say(ctx, "resources.in_areas", {{"areas", join(q.areas, say(ctx, "resources.or"))}});
  if (!q.years.empty()) {
    const std::string years = years_text(q.years);
    const bool several = q.years.size() > 1;
    out += say(ctx, several ? "resources.for_years" : "resources.for_year", {{"years", years}});
  }
  return out;
}

}  // namespace commonsbot::collab::resources
