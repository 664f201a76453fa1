#include "digest/profile_records.hpp"

#include "collab/action_text.hpp"
#include "core/keys.hpp"
#include "core/text.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace commonsbot::digest {

std::optional<profile> stored_profile(const flows::record_view& records, std::string_view tenant,
                                      std::string_view person_key) {
  auto j = records.get(profiles_collection, profile_key(tenant, person_key));
  if (!j) return std::nullopt;
  auto p = read_profile(*j);
  if (p) {  // a record written by hand may miss these; the key says whose it is
    if (p->tenant.empty()) p->tenant = std::string(tenant);
    if (p->person.empty()) p->person = std::string(person_key);
  }
  return p;
}

profile profile_for(const flows::record_view& records, const core::person& who) {
  if (auto p = stored_profile(records, who.tenant, who.key())) return *p;
  profile p = new_profile(who.tenant, who.key(), who.learning_areas, who.year_levels);
  p.interests = who.interests;
  normalise(p);
  return p;
}

void put_profile(flows::effects& out, profile p) {
  normalise(p);
  const std::string key = profile_key(p.tenant, p.person);
  out.writes.put(std::string(profiles_collection), key, p);
}

std::optional<sent_state> sent_for(const flows::record_view& records, const profile& p) {
  auto j = records.get(sent_collection, profile_key(p.tenant, p.person));
  if (!j) return p.legacy_sent.value_or(sent_state{});
  return read_sent(*j);
}

void schedule_changed(const context& ctx, flows::effects& out, const std::string& tenant) {
  if (!ctx.services || !ctx.services->schedule_changed) return;
  out.after_commit.push_back([f = ctx.services->schedule_changed, tenant] { f(tenant); });
}

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

std::string areas_text(const flows::flow_context& ctx, const std::vector<std::string>& areas) {
  return areas.empty() ? collab::say(ctx, "digest.none_yet") : join(areas);
}

std::string years_text(const flows::flow_context& ctx, const std::vector<int>& years) {
  if (years.empty()) return collab::say(ctx, "digest.any_year");
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < years.size();) {  // runs of years read as ranges: "NE-2, 5-6"
    std::size_t j = i;
    while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
    auto label = [](int y) { return y == 0 ? std::string("NE") : std::to_string(y); };
    labels.push_back(i == j ? label(years[i]) : label(years[i]) + "-" + label(years[j]));
    i = j + 1;
  }
  return join(labels);
}

std::string words_text(const flows::flow_context& ctx, const profile& p) {
  std::vector<std::string> all = p.keywords;
  all.insert(all.end(), p.interests.begin(), p.interests.end());
  return all.empty() ? collab::say(ctx, "digest.none_yet") : join(all);
}

std::string friendly_time(std::string_view hhmm) {
  if (hhmm.size() != 5) return std::string(hhmm);
  const int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
  const std::string minutes(hhmm.substr(3, 2));
  const int h12 = h % 12 == 0 ? 12 : h % 12;
  return std::to_string(h12) + (minutes == "00" ? "" : ":" + minutes) + (h < 12 ? "am" : "pm");
}

std::string when_text(const flows::flow_context& ctx, const profile& p) {
  if (p.frequency == frequency::off) return collab::say(ctx, "digest.when_off");
  const flows::variables v{{"day", collab::say(ctx, "digest.days." + std::to_string(p.weekday))},
                           {"time", friendly_time(p.time)}};
  return collab::say(ctx, "digest.when_" + std::string(frequency_name(p.frequency)), v);
}

std::optional<std::string> parse_time(std::string_view text) {
  std::string t;
  for (char c : core::to_lower_ascii(core::trim(text)))
    if (c != ' ' && c != '.') t += c;  // "3 p.m." reads as "3pm"
  int half = 0;  // 1: am, 2: pm
  if (t.size() > 2 && (t.ends_with("am") || t.ends_with("pm"))) {
    half = t.ends_with("am") ? 1 : 2;
    t.resize(t.size() - 2);
  }
  int h = 0, m = 0;
  std::size_t i = 0, digits = 0;
  while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])) && digits < 2) h = h * 10 + (t[i++] - '0'), ++digits;
  if (digits == 0) return std::nullopt;
  if (i < t.size()) {
    if (t[i] != ':' || t.size() - i != 3) return std::nullopt;
    if (!std::isdigit(static_cast<unsigned char>(t[i + 1])) || !std::isdigit(static_cast<unsigned char>(t[i + 2])))
      return std::nullopt;
    m = (t[i + 1] - '0') * 10 + (t[i + 2] - '0');
  }
  if (half) {
    if (h < 1 || h > 12) return std::nullopt;
    h = h % 12 + (half == 2 ? 12 : 0);
  }
  if (h > 23 || m > 59) return std::nullopt;
  char buf[6] = {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':', static_cast<char>('0' + m / 10),
                 static_cast<char>('0' + m % 10), 0};
  return std::string(buf);
}

}  // namespace commonsbot::digest
