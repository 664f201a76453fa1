#include "catalogue/index.hpp"

#include "catalogue/tokenize.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace commonsbot::catalogue {
namespace {

constexpr float k1 = 1.2f;
constexpr float b = 0.75f;
constexpr float title_weight = 2.0f;

// Per-thread buffers for scoring: allocating and zeroing a score per document on every query
// would cost more than the scoring. Scores are all zero between queries.
struct scratch {
  std::vector<float> score;
  std::vector<std::uint32_t> touched;
  std::vector<std::pair<float, std::uint32_t>> candidates;
};

scratch& local_scratch() {
  thread_local scratch s;
  return s;
}

// Weighted word counts of one resource, sorted by word. A std::map because it is small and
// removal has to find exactly the words that adding found.
std::map<std::string, float> weighted_terms(const resource& r, float& length) {
  std::map<std::string, float> tf;
  length = 0;
  const auto count = [&](std::string_view text, float weight) {
    for (auto& t : tokenize(text)) {
      tf[std::move(t)] += weight;
      length += weight;
    }
  };
  count(r.title, title_weight);
  count(r.description, 1);
  for (const auto& k : r.keywords) count(k, 1);
  return tf;
}

std::uint16_t year_mask(const std::vector<int>& years) {
  std::uint16_t mask = 0;
  for (int y : years)
    if (y >= min_year && y <= max_year) mask |= static_cast<std::uint16_t>(1u << y);
  return mask;
}

}  // namespace

struct search_index::filter {
  bool by_year = false, by_area = false;
  std::uint16_t years = 0;
  std::uint64_t area_bits = 0;
  std::vector<std::uint16_t> high_areas;  // wanted area ids >= 64
};

bool ranks_before(const hit& a, const hit& b) {
  if (a.score != b.score) return a.score > b.score;
  if (a.item->added != b.item->added) return a.item->added > b.item->added;  // ISO dates sort as text
  const std::string ta = fold(a.item->title), tb = fold(b.item->title);
  if (ta != tb) return ta < tb;
  return a.item->id < b.item->id;
}

bool search_index::date_before(std::uint32_t a, std::uint32_t b) const {
  const doc &x = docs_[a], &y = docs_[b];
  if (x.added != y.added) return x.added > y.added;
  if (x.sort_title != y.sort_title) return x.sort_title < y.sort_title;
  return x.item->id < y.item->id;
}

bool search_index::ranks(float sa, std::uint32_t a, float sb, std::uint32_t b) const {
  if (sa != sb) return sa > sb;
  return date_before(a, b);
}

std::uint32_t search_index::add(resource r) {
  if (r.id.empty()) r.id = make_id(r.link);
  std::uint32_t d;
  if (!free_.empty()) {
    d = free_.back();
    free_.pop_back();
  } else {
    d = static_cast<std::uint32_t>(docs_.size());
    docs_.emplace_back();
    hot_.emplace_back();
  }
  doc& x = docs_[d];
  hot& h = hot_[d];
  for (auto& [term, weight] : weighted_terms(r, h.length)) {
    auto [it, fresh] = terms_.try_emplace(term, static_cast<std::uint32_t>(postings_.size()));
    if (fresh) postings_.emplace_back();
    auto& list = postings_[it->second];
    const posting p{d, weight};
    if (list.empty() || list.back().doc < d) list.push_back(p);
    else list.insert(std::lower_bound(list.begin(), list.end(), d, [](const posting& q, std::uint32_t v) { return q.doc < v; }), p);
  }
  h.years = year_mask(r.year_levels);
  h.area_bits = 0;
  x.areas.clear();
  for (const auto& area : r.learning_areas) {
    if (area_ids_.size() >= 0xFFFF) break;  // never in practice; such areas are not filterable
    auto [it, fresh] = area_ids_.try_emplace(area_key(area), static_cast<std::uint16_t>(area_ids_.size()));
    x.areas.push_back(it->second);
    if (it->second < 64) h.area_bits |= std::uint64_t{1} << it->second;
  }
  x.sort_title = fold(r.title);
  x.added = parse_date(r.added);
  x.item = std::make_shared<const resource>(std::move(r));
  ids_[x.item->id] = d;
  ++live_;
  total_length_ += h.length;
  return d;
}

void search_index::remove(std::uint32_t d) {
  doc& x = docs_[d];
  float length = 0;
  for (const auto& [term, weight] : weighted_terms(*x.item, length)) {
    auto it = terms_.find(term);
    if (it == terms_.end()) continue;
    auto& list = postings_[it->second];
    auto p = std::lower_bound(list.begin(), list.end(), d, [](const posting& q, std::uint32_t v) { return q.doc < v; });
    if (p != list.end() && p->doc == d) list.erase(p);
  }
  if (auto it = ids_.find(x.item->id); it != ids_.end()) ids_.erase(it);
  --live_;
  total_length_ -= hot_[d].length;
  x = doc{};
  hot_[d] = hot{};
  free_.push_back(d);
}

void search_index::unlist(std::uint32_t d) {
  auto pos = std::lower_bound(by_date_.begin(), by_date_.end(), d,
                              [this](const dated& a, std::uint32_t b) { return date_before(a.doc, b); });
  if (pos == by_date_.end() || pos->doc != d)
    pos = std::find_if(by_date_.begin(), by_date_.end(), [d](const dated& e) { return e.doc == d; });
  if (pos != by_date_.end()) by_date_.erase(pos);
}

void search_index::upsert(resource r) {
  if (r.id.empty()) r.id = make_id(r.link);
  if (auto it = ids_.find(r.id); it != ids_.end()) {
    const std::uint32_t old = it->second;
    unlist(old);
    remove(old);
  }
  const std::uint32_t d = add(std::move(r));
  by_date_.insert(std::lower_bound(by_date_.begin(), by_date_.end(), d,
                                   [this](const dated& a, std::uint32_t b) { return date_before(a.doc, b); }),
                  dated_entry(d));
}

bool search_index::erase(std::string_view id) {
  auto it = ids_.find(id);
  if (it == ids_.end()) return false;
  const std::uint32_t d = it->second;
  unlist(d);
  remove(d);
  return true;
}

void search_index::assign(std::vector<resource> all) {
  *this = search_index{};
  docs_.reserve(all.size());
  hot_.reserve(all.size());
  for (auto& r : all) {
    if (r.id.empty()) r.id = make_id(r.link);
    if (auto it = ids_.find(r.id); it != ids_.end()) remove(it->second);
    add(std::move(r));
  }
  for (std::uint32_t d = 0; d < docs_.size(); ++d)
    if (docs_[d].item) by_date_.push_back(dated_entry(d));
  std::sort(by_date_.begin(), by_date_.end(), [this](const dated& a, const dated& b) { return date_before(a.doc, b.doc); });
}

std::shared_ptr<const resource> search_index::find(std::string_view id) const {
  auto it = ids_.find(id);
  return it == ids_.end() ? nullptr : docs_[it->second].item;
}

std::size_t search_index::document_frequency(std::string_view term) const {
  auto it = terms_.find(term);
  return it == terms_.end() ? 0 : postings_[it->second].size();
}

bool search_index::passes(const filter& f, std::uint16_t years, std::uint64_t area_bits, std::uint32_t d) const {
  if (f.by_year && (years & f.years) == 0) return false;
  if (!f.by_area || (area_bits & f.area_bits) != 0) return true;
  for (std::uint16_t a : f.high_areas)
    if (std::find(docs_[d].areas.begin(), docs_[d].areas.end(), a) != docs_[d].areas.end()) return true;
  return false;
}

search_result search_index::search(const query& q, const layering& layers) const {
  filter f;
  f.by_year = !q.years.empty();
  f.years = year_mask(q.years);
  f.by_area = !q.areas.empty();
  for (const auto& area : q.areas) {
    auto it = area_ids_.find(area_key(area));
    if (it == area_ids_.end()) continue;
    if (it->second < 64) f.area_bits |= std::uint64_t{1} << it->second;
    else f.high_areas.push_back(it->second);
  }
  search_result out;
  if ((f.by_year && f.years == 0) || (f.by_area && f.area_bits == 0 && f.high_areas.empty()) || live_ == 0) return out;

  std::vector<std::string> words = tokenize(q.text);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  if (words.empty()) return list_by_date(q, layers, f);

  const search_index* peer = layers.peer;
  const double n = static_cast<double>(live_ + (peer ? peer->live_ : 0));
  const float avg_length = static_cast<float>((total_length_ + (peer ? peer->total_length_ : 0)) / n);
  scratch& s = local_scratch();
  if (s.score.size() < docs_.size()) s.score.resize(docs_.size(), 0.0f);
  s.touched.clear();
  for (const auto& w : words) {
    auto it = terms_.find(w);
    if (it == terms_.end() || postings_[it->second].empty()) continue;
    const auto& list = postings_[it->second];
    const double df = static_cast<double>(list.size() + (peer ? peer->document_frequency(w) : 0));
    // Lucene's idf: never negative, so a word in most documents still counts a little.
    const float idf = static_cast<float>(std::log(1.0 + (n - df + 0.5) / (df + 0.5)));
    for (const posting& p : list) {
      const hot& h = hot_[p.doc];
      if ((f.by_year || f.by_area) && !passes(f, h.years, h.area_bits, p.doc)) continue;
      const float norm = k1 * (1.0f - b + b * h.length / avg_length);
      float& score = s.score[p.doc];
      if (score == 0.0f) s.touched.push_back(p.doc);
      score += idf * p.tf * (k1 + 1.0f) / (p.tf + norm);
    }
  }

  auto& c = s.candidates;
  c.clear();
  for (std::uint32_t d : s.touched) {
    if (!layers.skip || !(*layers.skip)(docs_[d].item->id)) c.emplace_back(s.score[d], d);
    s.score[d] = 0.0f;
  }
  out.total = c.size();
  if (q.offset >= c.size()) return out;
  const std::size_t end = q.offset + std::min(q.limit, c.size() - q.offset);
  std::partial_sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(end), c.end(),
                    [this](const auto& x, const auto& y) { return ranks(x.first, x.second, y.first, y.second); });
  for (std::size_t i = q.offset; i < end; ++i) out.hits.push_back({docs_[c[i].second].item, c[i].first});
  return out;
}

search_result search_index::list_by_date(const query& q, const layering& layers, const filter& f) const {
  search_result out;
  const bool filtered = f.by_year || f.by_area;
  for (const dated& e : by_date_) {
    if (filtered && !passes(f, e.years, e.area_bits, e.doc)) continue;
    if (layers.skip && (*layers.skip)(docs_[e.doc].item->id)) continue;
    if (out.total >= q.offset && out.hits.size() < q.limit) out.hits.push_back({docs_[e.doc].item, 0.0});
    ++out.total;
  }
  return out;
}

}  // namespace commonsbot::catalogue
