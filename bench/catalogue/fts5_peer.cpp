#include "fts5_peer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace commonsbot::bench {
namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

long long year_bits(const std::vector<int>& years) {
  long long bits = 0;
  for (int y : years) bits |= 1LL << y;
  return bits;
}

long long area_bits(const std::vector<std::string>& areas) {
  const auto& known = catalogue::known_areas();
  long long bits = 0;
  for (const auto& a : areas) {
    auto it = std::find(known.begin(), known.end(), catalogue::canonical_area(a));
    if (it != known.end()) bits |= 1LL << (it - known.begin());
  }
  return bits;
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

}  // namespace

struct fts5_peer::impl {
  sqlite3* db = nullptr;
  sqlite3_stmt* words = nullptr;
  sqlite3_stmt* listing = nullptr;
};

fts5_peer::fts5_peer(const std::vector<catalogue::resource>& all) : impl_(std::make_unique<impl>()) {
  sqlite3*& db = impl_->db;
  check(sqlite3_open(":memory:", &db), db, "open");
  check(sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE docs USING fts5(title, description, keywords,"
                     " tokenize = 'porter unicode61 remove_diacritics 2');"
                     "CREATE TABLE meta (rowid INTEGER PRIMARY KEY, added INTEGER, title_key TEXT,"
                     " years INTEGER, areas INTEGER);",
                     nullptr, nullptr, nullptr),
        db, "create");
  sqlite3_stmt *ins_doc = nullptr, *ins_meta = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO docs (rowid, title, description, keywords) VALUES (?, ?, ?, ?)", -1,
                           &ins_doc, nullptr),
        db, "prepare");
  check(sqlite3_prepare_v2(db, "INSERT INTO meta VALUES (?, ?, ?, ?, ?)", -1, &ins_meta, nullptr), db, "prepare");
  check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& r = all[i];
    const auto rowid = static_cast<sqlite3_int64>(i + 1);
    sqlite3_bind_int64(ins_doc, 1, rowid);
    bind_text(ins_doc, 2, r.title);
    bind_text(ins_doc, 3, r.description);
    bind_text(ins_doc, 4, join(r.keywords, " "));
    check(sqlite3_step(ins_doc), db, "insert doc");
    sqlite3_reset(ins_doc);
    sqlite3_bind_int64(ins_meta, 1, rowid);
    sqlite3_bind_int(ins_meta, 2, catalogue::parse_date(r.added));
    bind_text(ins_meta, 3, r.title);
    sqlite3_bind_int64(ins_meta, 4, year_bits(r.year_levels));
    sqlite3_bind_int64(ins_meta, 5, area_bits(r.learning_areas));
    check(sqlite3_step(ins_meta), db, "insert meta");
    sqlite3_reset(ins_meta);
  }
  check(sqlite3_exec(db, "COMMIT; INSERT INTO docs(docs) VALUES ('optimize');", nullptr, nullptr, nullptr), db,
        "commit");
  sqlite3_finalize(ins_doc);
  sqlite3_finalize(ins_meta);
  // count(*) OVER () gives the total in the same pass, as the index reports it; bm25() cannot
  // be called where a window function runs, hence the materialised CTE. BENCH_FTS5_NO_TOTAL=1
  // measures the plain ORDER BY bm25() LIMIT form instead (no total: SQLite's best case).
  const char* plain =
      "SELECT docs.rowid, 0 FROM docs JOIN meta ON meta.rowid = docs.rowid"
      " WHERE docs MATCH ?1 AND (?2 = 0 OR (meta.years & ?2) != 0) AND (?3 = 0 OR (meta.areas & ?3) != 0)"
      " ORDER BY bm25(docs, 2.0, 1.0, 1.0), meta.added DESC, meta.title_key LIMIT ?4 OFFSET ?5";
  const char* no_total = std::getenv("BENCH_FTS5_NO_TOTAL");
  check(sqlite3_prepare_v2(db, no_total && *no_total == '1' ? plain :
                           "WITH hits AS MATERIALIZED (SELECT docs.rowid AS id, bm25(docs, 2.0, 1.0, 1.0) AS score,"
                           " meta.added AS added, meta.title_key AS title_key"
                           " FROM docs JOIN meta ON meta.rowid = docs.rowid"
                           " WHERE docs MATCH ?1 AND (?2 = 0 OR (meta.years & ?2) != 0)"
                           " AND (?3 = 0 OR (meta.areas & ?3) != 0))"
                           " SELECT id, count(*) OVER () FROM hits"
                           " ORDER BY score, added DESC, title_key LIMIT ?4 OFFSET ?5",
                           -1, &impl_->words, nullptr),
        db, "prepare words");
  check(sqlite3_prepare_v2(db,
                           "SELECT rowid, count(*) OVER () FROM meta"
                           " WHERE (?2 = 0 OR (years & ?2) != 0) AND (?3 = 0 OR (areas & ?3) != 0)"
                           " ORDER BY added DESC, title_key LIMIT ?4 OFFSET ?5",
                           -1, &impl_->listing, nullptr),
        db, "prepare listing");
}

fts5_peer::~fts5_peer() {
  sqlite3_finalize(impl_->words);
  sqlite3_finalize(impl_->listing);
  sqlite3_close(impl_->db);
}

std::size_t fts5_peer::search(const catalogue::query& q, std::vector<long long>& rowids) {
  rowids.clear();
  std::vector<std::string> terms;
  std::string word;
  for (char c : q.text + " ") {
    if (c == ' ') {
      if (!word.empty()) terms.push_back("\"" + word + "\"");
      word.clear();
    } else {
      word += c;
    }
  }
  sqlite3_stmt* st = terms.empty() ? impl_->listing : impl_->words;
  if (!terms.empty()) bind_text(st, 1, join(terms, " OR "));
  sqlite3_bind_int64(st, 2, year_bits(q.years));
  sqlite3_bind_int64(st, 3, area_bits(q.areas));
  sqlite3_bind_int64(st, 4, static_cast<sqlite3_int64>(q.limit));
  sqlite3_bind_int64(st, 5, static_cast<sqlite3_int64>(q.offset));
  std::size_t total = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    rowids.push_back(sqlite3_column_int64(st, 0));
    total = static_cast<std::size_t>(sqlite3_column_int64(st, 1));
  }
  check(rc, impl_->db, "search");
  sqlite3_reset(st);
  return total;
}

}  // namespace commonsbot::bench
