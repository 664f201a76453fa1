// The named peer: SQLite FTS5 with its built-in bm25(), in memory, holding the same resources
// and answering the same queries (one prepared statement per query shape).
#pragma once

#include "catalogue/index.hpp"
#include "catalogue/resource.hpp"

#include <memory>
#include <vector>

namespace commonsbot::bench {

class fts5_peer {
 public:
  // Table `docs` (FTS5: title, description, keywords; tokenizer porter over unicode61 with
  // diacritics removed) and table `meta` (date, sort title, year and area bit masks, so the
  // filters cost SQLite an integer test, as they cost the index).
  explicit fts5_peer(const std::vector<catalogue::resource>& all);
  ~fts5_peer();
  fts5_peer(const fts5_peer&) = delete;
  fts5_peer& operator=(const fts5_peer&) = delete;

  // Words: `"w1" OR "w2"` ranked by bm25(docs, 2, 1, 1) (title weighed twice, as ours), then
  // newest, then title; no words: newest first. Returns the total; fills `rowids` (1-based
  // positions in `all`) with the page.
  std::size_t search(const catalogue::query& q, std::vector<long long>& rowids);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace commonsbot::bench
