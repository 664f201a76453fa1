// Counting the evidence (see report.hpp).
#include "collab/report.hpp"

#include "collab/content.hpp"
#include "core/json_fields.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <set>

namespace commonsbot::collab {
namespace {

// A breakdown keyed by id, remembering the order ids were first met.
class counter {
 public:
  void seed(std::string id, std::string label) {
    if (index_.contains(id)) return;
    index_[id] = rows_.size();
    rows_.push_back({std::move(id), std::move(label), 0});
  }
  void add(const std::string& id, const std::string& label) {
    seed(id, label);
    ++rows_[index_[id]].count;
  }
  std::vector<tally> rows() const { return rows_; }
  // Most first, then by label: for free-text breakdowns (areas, year levels).
  std::vector<tally> ranked() const {
    auto out = rows_;
    std::stable_sort(out.begin(), out.end(), [](const tally& a, const tally& b) {
      return a.count != b.count ? a.count > b.count : a.label < b.label;
    });
    return out;
  }

 private:
  std::map<std::string, std::size_t> index_;
  std::vector<tally> rows_;
};

// Free text grouped ignoring case and spacing: "science", "Science " -> "science".
std::string group_key(std::string_view typed) {
  std::string out;
  for (char c : core::to_lower_ascii(core::trim(typed)))
    if (!(c == ' ' && !out.empty() && out.back() == ' ')) out += c;
  return out;
}

std::string label_of(const content* words, const flows::message_catalog& messages, std::string_view locale,
                     std::string_view list, const std::string& id) {
  if (words)
    if (const content_item* item = words->find(list, id)) return messages.text(locale, item->name);
  return id;
}

// The dates a plan spans: its own start and end, else the day it was made.
std::pair<std::string, std::string> plan_span(const plan& p) {
  std::string from = parse_date(p.starts).value_or("");
  std::string to = parse_date(p.ends).value_or("");
  if (from.empty() && to.empty() && p.created_ms > 0) from = to = nz_date(p.created_ms);
  return {from, to};
}

bool survey_in(const survey& s, const period& when) {
  const std::string sent = !s.date.empty() ? s.date : (s.sent_ms > 0 ? nz_date(s.sent_ms) : "");
  if (sent.empty() || sent > when.to) return false;
  const std::string closed = s.open() || s.closed_ms <= 0 ? std::string("9999-12-31") : nz_date(s.closed_ms);
  return closed >= when.from;
}

}  // namespace

report build_report(const report_input& in, const content* words, const flows::message_catalog& messages,
                    std::string_view locale) {
  report r;
  r.tenant = in.tenant;
  r.when = in.when;
  r.unreadable = in.unreadable;
  counter levels, models, areas, years;
  if (words) {
    for (const auto& item : words->list("continuum")) levels.seed(item.id, messages.text(locale, item.name));
    for (const auto& item : words->list("models")) models.seed(item.id, messages.text(locale, item.name));
  }
  const std::string none = messages.text(locale, "report.no_model");
  const std::string not_recorded = messages.text(locale, "report.not_recorded");
  std::map<std::string, int> per_teacher;  // person key -> collaborations
  std::map<std::string, std::string> names = in.names;
  auto is_teacher = [&](const std::string& key) {
    auto it = in.roles.find(key);
    return it == in.roles.end() || it->second != core::role::library_staff;
  };
  auto count_one = [&](const std::string& level, const std::string& model, const std::vector<std::string>& area_list,
                       const std::vector<std::string>& year_list, const std::vector<std::string>& teachers) {
    ++r.collaborations;
    if (level.empty()) levels.add("", not_recorded);
    else levels.add(level, label_of(words, messages, locale, "continuum", level));
    if (model.empty()) models.add("none", none);
    else models.add(model, label_of(words, messages, locale, "models", model));
    std::set<std::string> seen_areas, seen_years;
    for (const auto& a : area_list)
      if (auto k = group_key(a); !k.empty() && seen_areas.insert(k).second) areas.add(k, core::trim(a));
    if (seen_areas.empty()) areas.add("", not_recorded);
    for (const auto& y : year_list)
      if (auto k = group_key(y); !k.empty() && seen_years.insert(k).second) years.add(k, core::trim(y));
    if (seen_years.empty()) years.add("", not_recorded);
    for (const auto& t : std::set<std::string>(teachers.begin(), teachers.end()))
      if (is_teacher(t)) ++per_teacher[t];
  };

  for (const auto& e : in.logs) {
    const std::string date = !e.date.empty() ? e.date : (e.at_ms > 0 ? nz_date(e.at_ms) : "");
    if (!in.when.contains(date)) continue;
    ++r.logged;
    for (std::size_t i = 0; i < e.with.size() && i < e.with_names.size(); ++i)
      if (!names.contains(e.with[i])) names[e.with[i]] = e.with_names[i];
    std::vector<std::string> area, year;
    if (!e.learning_area.empty()) area.push_back(e.learning_area);
    if (!e.year_level.empty()) year.push_back(e.year_level);
    std::vector<std::string> teachers;
    for (const auto& w : e.with)
      if (w != e.by) teachers.push_back(w);
    count_one(e.level, e.model, area, year, teachers);
  }
  for (const auto& p : in.plans) {
    const auto [from, to] = plan_span(p);
    if (!in.when.overlaps(from, to)) continue;
    ++r.planned;
    if (p.status != plan_status::open) ++r.plans_completed;
    if (p.status == plan_status::reflected || !p.reflections.empty()) ++r.plans_reflected;
    if (p.shared) ++r.plans_shared;
    count_one(p.support, p.model, p.learning_areas, p.year_levels, p.partners);
  }
  r.by_level = levels.rows();
  r.by_model = models.rows();
  r.by_area = areas.ranked();
  r.by_year = years.ranked();

  counter teachers;
  for (const auto& [key, n] : per_teacher) {
    auto name = names.find(key);
    const auto colon = key.find(':');
    teachers.seed(key, name != names.end() && !name->second.empty() ? name->second : key.substr(colon == std::string::npos ? 0 : colon + 1));
    for (int i = 0; i < n; ++i) teachers.add(key, "");
    ++r.teachers_reached;
    if (n > 1) ++r.teachers_returning;
  }
  r.teachers = teachers.ranked();

  counter statuses;
  for (const auto& b : in.bookings) {
    const std::string date = core::string_field(b, "date");
    if (!in.when.contains(date)) continue;
    ++r.bookings;
    std::string status = core::string_field(b, "status");
    if (status.empty()) status = "requested";
    const std::string key = "report.booking_" + status;
    statuses.add(status, messages.has(key) ? messages.text(locale, key) : status);
    r.booking_list.push_back({date, core::trim(core::string_field(b, "purpose")), status});
  }
  r.bookings_by_status = statuses.ranked();
  std::stable_sort(r.booking_list.begin(), r.booking_list.end(),
                   [](const booking_line& a, const booking_line& b) { return a.date < b.date; });

  for (const auto& s : in.surveys) {
    if (!survey_in(s, in.when)) continue;
    survey_summary sum;
    sum.id = s.id;
    sum.date = s.date;
    sum.open = s.open();
    sum.sent_to = static_cast<int>(s.sent_to.size());
    for (const auto& q : s.questions) sum.questions.push_back({q.id, q.text, 0, {}});
    for (const auto& a : in.answers) {
      if (a.survey != s.id) continue;
      ++sum.answered;
      for (auto& q : sum.questions)
        for (const auto& given : a.answers)
          if (given.question == q.id && !core::trim(given.answer).empty()) {
            ++q.answered;
            q.answers.push_back((a.name.empty() ? a.person : a.name) + ": " + core::trim(given.answer));
          }
    }
    r.surveys.push_back(std::move(sum));
  }
  std::sort(r.surveys.begin(), r.surveys.end(), [](const survey_summary& a, const survey_summary& b) { return a.date < b.date; });

  const auto number = [](const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
  };
  for (const auto& [key, p] : in.digest_profiles) {
    r.digests.any = true;
    if (auto s = p.find("subscribed"); s != p.end() && s->is_boolean() && s->get<bool>()) ++r.digests.subscribers;
    auto c = p.find("counts");
    if (c == p.end() || !c->is_object()) continue;
    r.digests.useful += number(*c, "useful");
    r.digests.not_for_me += number(*c, "not_for_me");
    r.digests.more_like_this += number(*c, "more_like_this");
    if (!in.digest_sent.contains(key)) {  // from before "digest_sent": the profile kept them
      r.digests.digests += number(*c, "digests");
      r.digests.items += number(*c, "items");
    }
  }
  for (const auto& [key, s] : in.digest_sent) {  // a profile since removed still sent these
    r.digests.any = true;
    r.digests.digests += number(s, "digests");
    r.digests.items += number(s, "items");
  }
  return r;
}

}  // namespace commonsbot::collab
