// An in-memory BM25 search index over resources: postings lists keyed by word, integer doc
// ids, so a query costs the length of its words' postings, not the size of the catalogue.
//
// Ranking: BM25 (k1 1.2, b 0.75) over title (each title word counts twice), description and
// keywords, words normalised by tokenize(). A resource matches if it has any query word; one
// with more of them, or rarer ones, ranks higher. Ties go to the newer resource, then by title
// and id, so the order (and so paging) is the same on every run.
//
// Not thread-safe for writes: search() may run on many threads at once, but never alongside
// upsert/erase/assign (catalogue.hpp adds the lock).
#pragma once

#include "catalogue/resource.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace commonsbot::catalogue {

struct query {
  std::string text;                // words; empty (or only stop words): list by date
  std::vector<int> years;          // resources for any of these years; empty: any
  std::vector<std::string> areas;  // resources in any of these areas (aliases work); empty: any
  std::size_t offset = 0;          // paging over the ranked matches
  std::size_t limit = 10;
};

struct hit {
  std::shared_ptr<const resource> item;  // stays valid after the index changes
  double score = 0;                      // BM25; 0 when listing by date
};

struct search_result {
  std::size_t total = 0;  // all matches, before paging
  std::vector<hit> hits;  // at most limit, from offset
};

// The order results come in: higher score, then newer, then title (case and macrons
// ignored), then id. Used to merge results from several indexes.
bool ranks_before(const hit& a, const hit& b);

class search_index;

// Extra context for searching one layer of several (catalogue.hpp): `peer`'s documents count
// in the word statistics, so scores from both layers are comparable; documents for which
// `skip(id)` is true are left out (shadowed by another layer).
struct layering {
  const search_index* peer = nullptr;
  const std::function<bool(std::string_view id)>* skip = nullptr;
};

class search_index {
 public:
  // Adds `r`, or replaces the resource with the same id. `r` should be normalised.
  void upsert(resource r);
  // False if no resource has `id`.
  bool erase(std::string_view id);
  // Replaces the whole contents; much faster than upserting one by one.
  void assign(std::vector<resource> all);

  search_result search(const query& q, const layering& layers = {}) const;

  std::shared_ptr<const resource> find(std::string_view id) const;
  bool contains(std::string_view id) const { return ids_.contains(id); }
  std::size_t size() const { return live_; }
  // Resources containing the normalised word `term` (a tokenize() output).
  std::size_t document_frequency(std::string_view term) const;

 private:
  struct posting {
    std::uint32_t doc;
    float tf;  // title words weigh 2, description and keyword words 1
  };
  struct doc {
    std::shared_ptr<const resource> item;  // null: a free slot
    std::string sort_title;
    int added = -1;  // yyyymmdd, -1 when unknown (sorts oldest)
    std::vector<std::uint16_t> areas;
  };
  // What the scoring loop reads for every posting, kept apart from doc so it stays in cache.
  struct hot {
    float length = 0;             // weighted word count
    std::uint16_t years = 0;      // bit y set for year level y
    std::uint64_t area_bits = 0;  // bit a set for area id a < 64; higher ids only in doc::areas
  };
  // by_date_ entries carry the filter bits, so a listing reads one array front to back.
  struct dated {
    std::uint64_t area_bits;
    std::uint32_t doc;
    std::uint16_t years;
  };
  struct filter;
  struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <class V>
  using string_map = std::unordered_map<std::string, V, string_hash, std::equal_to<>>;

  std::uint32_t add(resource r);  // postings and doc only; not by_date_
  void remove(std::uint32_t d);   // postings and doc only; not by_date_
  void unlist(std::uint32_t d);   // by_date_ only
  bool date_before(std::uint32_t a, std::uint32_t b) const;
  bool ranks(float sa, std::uint32_t a, float sb, std::uint32_t b) const;
  bool passes(const filter& f, std::uint16_t years, std::uint64_t area_bits, std::uint32_t d) const;
  dated dated_entry(std::uint32_t d) const { return {hot_[d].area_bits, d, hot_[d].years}; }
  search_result list_by_date(const query& q, const layering& layers, const filter& f) const;

  std::vector<doc> docs_;
  std::vector<hot> hot_;  // parallel to docs_
  std::vector<std::uint32_t> free_;
  string_map<std::uint32_t> ids_;  // resource id -> doc
  string_map<std::uint32_t> terms_;
  std::vector<std::vector<posting>> postings_;  // by term id, sorted by doc
  string_map<std::uint16_t> area_ids_;          // area_key -> area id
  std::vector<dated> by_date_;                  // live docs, newest first
  std::size_t live_ = 0;
  double total_length_ = 0;
};

}  // namespace commonsbot::catalogue
