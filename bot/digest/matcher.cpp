#include "digest/matcher.hpp"

#include "catalogue/tokenize.hpp"
#include "catalogue/year_levels.hpp"
#include "digest/feedback.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

namespace commonsbot::digest {
namespace {

constexpr float area_score = 3.0f;
constexpr float year_score = 1.0f;
constexpr float liked_score = 1.0f;
constexpr float recency_score = 0.5f;
constexpr float recency_days = 28.0f;  // the newest four weeks of the run get a little lift
constexpr std::size_t max_terms = 32;  // bits in a mask; profiles hold at most 2 x 20 words
constexpr std::size_t max_reason_values = 3;

// Days since 1970-01-01 of yyyymmdd (Howard Hinnant's days_from_civil).
int day_number(int yyyymmdd) {
  int y = yyyymmdd / 10000;
  const unsigned m = static_cast<unsigned>(yyyymmdd / 100 % 100), d = static_cast<unsigned>(yyyymmdd % 100);
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

std::uint16_t year_mask(const std::vector<int>& years) {
  std::uint16_t mask = 0;
  for (int y : years)
    if (y >= catalogue::min_year && y <= catalogue::max_year) mask |= static_cast<std::uint16_t>(1u << y);
  return mask;
}

template <class Map>
std::uint32_t intern(Map& map, const std::string& key) {
  return map.try_emplace(key, static_cast<std::uint32_t>(map.size())).first->second;
}

// Per-thread marks, one per item: all zero between calls.
struct scratch {
  std::vector<std::uint8_t> area_hit;  // 1 + index into the profile's areas; 0: none
  std::vector<std::uint32_t> follows;  // bit k: the profile's term k matched
  std::vector<std::uint32_t> liked;    // bit k: liked word k matched
  std::vector<std::uint8_t> seen, excluded;
  std::vector<std::uint32_t> touched, sent;
  std::vector<std::pair<float, std::uint32_t>> candidates;
  void fit(std::size_t n) {
    if (seen.size() >= n) return;
    area_hit.resize(n, 0);
    follows.resize(n, 0);
    liked.resize(n, 0);
    seen.resize(n, 0);
    excluded.resize(n, 0);
  }
};

scratch& local_scratch() {
  thread_local scratch s;
  return s;
}

}  // namespace

struct matcher::prepared {
  struct term {
    std::string text;  // as the teacher typed it, or the liked word
    std::vector<std::uint32_t> words;
    float score = 0;
  };
  std::vector<std::pair<std::uint32_t, std::size_t>> areas;  // area id, index in profile.learning_areas
  std::uint16_t years = 0;
  std::vector<term> follows, liked;
  std::vector<std::pair<std::uint32_t, float>> feedback;  // feature id, weight; sorted by id
  int min_day = INT_MIN;
};

std::size_t digest_result::size() const {
  std::size_t n = 0;
  for (const auto& g : groups) n += g.picks.size();
  return n;
}

std::vector<std::string> digest_result::ids() const {
  std::vector<std::string> out;
  for (const auto& g : groups)
    for (const auto& p : g.picks) out.push_back(p.item->id);
  return out;
}

matcher::matcher(std::vector<std::shared_ptr<const catalogue::resource>> items) {
  docs_.reserve(items.size());
  for (auto& item : items) {
    const int date = item ? catalogue::parse_date(item->added) : -1;
    if (date < 0 || !ids_.try_emplace(item->id, static_cast<std::uint32_t>(docs_.size())).second) continue;
    const auto d = static_cast<std::uint32_t>(docs_.size());
    doc x;
    x.day = day_number(date);
    newest_day_ = d == 0 ? x.day : std::max(newest_day_, x.day);
    x.years = year_mask(item->year_levels);
    for (const auto& a : item->learning_areas) {
      const auto id = intern(areas_, catalogue::area_key(a));
      if (id == area_names_.size()) {
        area_names_.push_back(catalogue::canonical_area(a));
        area_postings_.emplace_back();
      }
      if (std::find(x.areas.begin(), x.areas.end(), id) != x.areas.end()) continue;
      x.areas.push_back(id);
      area_postings_[id].push_back(d);
    }
    std::vector<std::string> words = catalogue::tokenize(item->title);
    for (auto& w : catalogue::tokenize(item->description)) words.push_back(std::move(w));
    for (const auto& k : item->keywords)
      for (auto& w : catalogue::tokenize(k)) words.push_back(std::move(w));
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (const auto& w : words) {
      const auto id = intern(words_, w);
      if (id == word_postings_.size()) word_postings_.emplace_back();
      word_postings_[id].push_back(d);
    }
    for (const auto& f : features_of(*item)) x.features.push_back(intern(features_, f));
    x.item = std::move(item);
    docs_.push_back(std::move(x));
  }
  const double n = static_cast<double>(docs_.size());
  idf_.reserve(word_postings_.size());
  for (const auto& list : word_postings_) {
    const double df = static_cast<double>(list.size());
    idf_.push_back(static_cast<float>(std::log(1.0 + (n - df + 0.5) / (df + 0.5))));
  }
}

matcher matcher::added_since(const catalogue::catalogue& cat, std::string_view tenant, std::string_view since) {
  std::vector<std::shared_ptr<const catalogue::resource>> items;
  catalogue::query q;  // no words: newest first
  q.limit = 4096;
  for (;;) {
    const auto page = cat.search(tenant, q);
    bool older = false;
    for (const auto& h : page.hits) {
      if (h.item->added.empty() || h.item->added < since) {  // ISO dates compare as text
        older = true;
        break;
      }
      items.push_back(h.item);
    }
    if (older || page.hits.size() < q.limit) break;
    q.offset += q.limit;
  }
  return matcher(std::move(items));
}

std::vector<std::uint32_t> matcher::docs_with_all(const std::vector<std::uint32_t>& words) const {
  if (words.empty()) return {};
  std::vector<std::uint32_t> order = words;
  std::sort(order.begin(), order.end(),
            [this](std::uint32_t a, std::uint32_t b) { return word_postings_[a].size() < word_postings_[b].size(); });
  std::vector<std::uint32_t> out = word_postings_[order[0]];
  for (std::size_t i = 1; i < order.size() && !out.empty(); ++i) {
    const auto& list = word_postings_[order[i]];
    std::erase_if(out, [&list](std::uint32_t d) { return !std::binary_search(list.begin(), list.end(), d); });
  }
  return out;
}

matcher::prepared matcher::prepare(const profile& p, const sent_state& sent) const {
  prepared out;
  for (std::size_t i = 0; i < p.learning_areas.size() && i < 255; ++i)
    if (auto it = areas_.find(catalogue::area_key(p.learning_areas[i])); it != areas_.end())
      out.areas.emplace_back(it->second, i);
  out.years = year_mask(p.year_levels);
  const auto add_term = [this](std::vector<prepared::term>& to, const std::string& text, float base) {
    if (to.size() >= max_terms) return;
    prepared::term t{text, {}, base};
    const auto words = catalogue::tokenize(text);
    if (words.empty()) return;
    for (const auto& w : words) {
      auto it = words_.find(w);
      if (it == words_.end()) return;  // a word no new item has: the term cannot match
      t.words.push_back(it->second);
      if (base > 0) t.score += idf_[it->second];
    }
    to.push_back(std::move(t));
  };
  for (const auto& k : p.keywords) add_term(out.follows, k, 1.0f);
  for (const auto& k : p.interests) add_term(out.follows, k, 1.0f);
  for (const auto& [name, weight] : p.feedback) {
    if (auto it = features_.find(name); it != features_.end())
      out.feedback.emplace_back(it->second, static_cast<float>(weight));
    if (weight >= liked_word_weight && name.starts_with(word_feature))
      add_term(out.liked, name.substr(word_feature.size()), 0.0f);
  }
  for (auto& t : out.liked) t.score = liked_score;
  std::sort(out.feedback.begin(), out.feedback.end());
  if (const int date = catalogue::parse_date(sent.last_sent_added); date >= 0) out.min_day = day_number(date);
  return out;
}

digest_result matcher::match(const profile& p, const sent_state& sent, const match_options& options) const {
  digest_result result;
  if (docs_.empty()) return result;
  const prepared pr = prepare(p, sent);
  scratch& s = local_scratch();
  s.fit(docs_.size());
  s.touched.clear();
  s.sent.clear();
  const auto touch = [&s](std::uint32_t d) {
    if (!s.seen[d]) {
      s.seen[d] = 1;
      s.touched.push_back(d);
    }
  };
  for (const auto& id : sent.sent)
    if (auto it = ids_.find(id); it != ids_.end() && !s.excluded[it->second]) {
      s.excluded[it->second] = 1;
      s.sent.push_back(it->second);
    }
  for (const auto& [area, index] : pr.areas)
    for (std::uint32_t d : area_postings_[area]) {
      touch(d);
      if (!s.area_hit[d]) s.area_hit[d] = static_cast<std::uint8_t>(index + 1);
    }
  const auto gather = [&](const std::vector<prepared::term>& terms, std::vector<std::uint32_t>& bits) {
    for (std::size_t k = 0; k < terms.size(); ++k) {
      const auto& w = terms[k].words;
      const auto mark = [&](std::uint32_t d) {
        touch(d);
        bits[d] |= 1u << k;
      };
      if (w.size() == 1) std::for_each(word_postings_[w[0]].begin(), word_postings_[w[0]].end(), mark);
      else for (std::uint32_t d : docs_with_all(w)) mark(d);
    }
  };
  gather(pr.follows, s.follows);
  gather(pr.liked, s.liked);

  auto& c = s.candidates;
  c.clear();
  for (std::uint32_t d : s.touched) {
    const doc& x = docs_[d];
    const bool years_known = pr.years != 0 && x.years != 0;
    const bool year_hit = years_known && (pr.years & x.years) != 0;
    if (!s.excluded[d] && x.day >= pr.min_day && (!years_known || year_hit)) {
      float score = (s.area_hit[d] ? area_score : 0.0f) + (year_hit ? year_score : 0.0f);
      for (std::size_t k = 0; k < pr.follows.size(); ++k)
        if (s.follows[d] >> k & 1u) score += pr.follows[k].score;
      for (std::size_t k = 0; k < pr.liked.size(); ++k)
        if (s.liked[d] >> k & 1u) score += pr.liked[k].score;
      for (std::uint32_t f : x.features) {
        auto it = std::lower_bound(pr.feedback.begin(), pr.feedback.end(), std::make_pair(f, -1e9f));
        if (it != pr.feedback.end() && it->first == f) score += it->second;
      }
      score += recency_score * std::max(0.0f, 1.0f - static_cast<float>(newest_day_ - x.day) / recency_days);
      if (score >= options.min_score) c.emplace_back(score, d);
    }
  }
  result.candidates = c.size();
  const std::size_t n = std::min(options.cap, c.size());
  std::partial_sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(n), c.end(), [this](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    if (docs_[a.second].day != docs_[b.second].day) return docs_[a.second].day > docs_[b.second].day;
    return docs_[a.second].item->id < docs_[b.second].item->id;
  });

  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t d = c[i].second;
    const doc& x = docs_[d];
    pick pk{x.item, c[i].first, {}};
    std::string area;
    if (s.area_hit[d]) {
      area = p.learning_areas[s.area_hit[d] - 1u];
      reason_part teach{reason_part::kind::teaches, {area}};
      if (pr.years != 0)
        for (int y = catalogue::min_year; y <= catalogue::max_year; ++y)
          if ((pr.years & x.years) >> y & 1u) teach.values.push_back(catalogue::year_label(y));
      pk.reason.push_back(std::move(teach));
    } else if (!x.areas.empty()) {
      area = area_names_[x.areas[0]];
    }
    const auto words_part = [&](reason_part::kind kind, const std::vector<prepared::term>& terms, std::uint32_t bits) {
      reason_part part{kind, {}};
      for (std::size_t k = 0; k < terms.size() && part.values.size() < max_reason_values; ++k)
        if (bits >> k & 1u) part.values.push_back(terms[k].text);
      if (!part.values.empty()) pk.reason.push_back(std::move(part));
    };
    words_part(reason_part::kind::follows, pr.follows, s.follows[d]);
    words_part(reason_part::kind::liked, pr.liked, s.liked[d]);
    if (x.item->added > result.newest_added) result.newest_added = x.item->added;
    auto g = std::find_if(result.groups.begin(), result.groups.end(), [&](const group& gr) { return gr.area == area; });
    if (g == result.groups.end()) g = result.groups.insert(result.groups.end(), group{area, {}});
    g->picks.push_back(std::move(pk));
  }

  for (std::uint32_t d : s.touched) {
    s.area_hit[d] = 0;
    s.follows[d] = 0;
    s.liked[d] = 0;
    s.seen[d] = 0;
  }
  for (std::uint32_t d : s.sent) s.excluded[d] = 0;
  return result;
}

}  // namespace commonsbot::digest
