#include "fts5_digest_peer.hpp"

#include "catalogue/tokenize.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>

namespace commonsbot::bench {
namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
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

int day_of(const std::string& added) { return catalogue::parse_date(added) % 100; }  // all in March 2026

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

// Each keyword as a phrase of its folded words; any of them: ("te" AND "reo") OR "robotics".
std::string match_expression(const digest::profile& p) {
  std::string out;
  const auto add = [&out](const std::string& term) {
    std::string words;
    std::string word;
    for (char c : catalogue::fold(term) + " ") {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word += c;
      } else if (!word.empty()) {
        words += (words.empty() ? "\"" : " AND \"") + word + "\"";
        word.clear();
      }
    }
    if (!words.empty()) out += (out.empty() ? "(" : " OR (") + words + ")";
  };
  for (const auto& k : p.keywords) add(k);
  for (const auto& k : p.interests) add(k);
  return out;
}

// The score: area 3, year 1, bm25 of the words (negated: lower is better in SQLite), up to
// 0.5 for recency over 28 days, as the matcher's.
constexpr const char* select_scored =
    " SELECT m.id, (CASE WHEN (m.areas & ?2) != 0 THEN 3.0 ELSE 0 END)"
    " + (CASE WHEN (m.years & ?3) != 0 THEN 1.0 ELSE 0 END) + %WORDS%"
    " + 0.5 * max(0.0, 1.0 - (28 - m.day) / 28.0) AS score"
    " FROM meta m %JOIN%"
    " WHERE (%WHO%) AND (?3 = 0 OR m.years = 0 OR (m.years & ?3) != 0) AND m.day >= ?4"
    " AND m.rowid NOT IN (SELECT value FROM json_each(?6))"
    " ORDER BY score DESC, m.day DESC, m.id LIMIT ?5";

std::string sql(bool words) {
  std::string s = std::string(words ? "WITH f AS MATERIALIZED (SELECT rowid AS id, bm25(items, 2.0, 1.0, 1.0) AS s"
                                      " FROM items WHERE items MATCH ?1)" : "") + select_scored;
  const auto put = [&s](const std::string& key, const std::string& value) { s.replace(s.find(key), key.size(), value); };
  put("%WORDS%", words ? "coalesce(1.0 - f.s, 0)" : "0");
  put("%JOIN%", words ? "LEFT JOIN f ON f.id = m.rowid" : "");
  put("%WHO%", words ? "(m.areas & ?2) != 0 OR f.id IS NOT NULL" : "(m.areas & ?2) != 0");
  return s;
}

}  // namespace

struct fts5_digest_peer::impl {
  sqlite3* db = nullptr;
  sqlite3_stmt* with_words = nullptr;
  sqlite3_stmt* areas_only = nullptr;
  std::unordered_map<std::string, sqlite3_int64> rowids;  // resource id -> rowid
};

fts5_digest_peer::fts5_digest_peer(const std::vector<catalogue::resource>& fresh) : impl_(std::make_unique<impl>()) {
  sqlite3*& db = impl_->db;
  check(sqlite3_open(":memory:", &db), db, "open");
  check(sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE items USING fts5(title, description, keywords,"
                     " tokenize = 'porter unicode61 remove_diacritics 2');"
                     "CREATE TABLE meta (rowid INTEGER PRIMARY KEY, id TEXT, day INTEGER, years INTEGER,"
                     " areas INTEGER);",
                     nullptr, nullptr, nullptr),
        db, "create");
  sqlite3_stmt *ins_item = nullptr, *ins_meta = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO items (rowid, title, description, keywords) VALUES (?, ?, ?, ?)", -1,
                           &ins_item, nullptr),
        db, "prepare");
  check(sqlite3_prepare_v2(db, "INSERT INTO meta VALUES (?, ?, ?, ?, ?)", -1, &ins_meta, nullptr), db, "prepare");
  check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    const auto& r = fresh[i];
    const auto rowid = static_cast<sqlite3_int64>(i + 1);
    std::string keywords;
    for (const auto& k : r.keywords) keywords += k + " ";
    sqlite3_bind_int64(ins_item, 1, rowid);
    bind_text(ins_item, 2, r.title);
    bind_text(ins_item, 3, r.description);
    bind_text(ins_item, 4, keywords);
    check(sqlite3_step(ins_item), db, "insert item");
    sqlite3_reset(ins_item);
    sqlite3_bind_int64(ins_meta, 1, rowid);
    bind_text(ins_meta, 2, r.id);
    sqlite3_bind_int(ins_meta, 3, day_of(r.added));
    sqlite3_bind_int64(ins_meta, 4, year_bits(r.year_levels));
    sqlite3_bind_int64(ins_meta, 5, area_bits(r.learning_areas));
    check(sqlite3_step(ins_meta), db, "insert meta");
    sqlite3_reset(ins_meta);
    impl_->rowids.emplace(r.id, rowid);
  }
  check(sqlite3_exec(db, "COMMIT; INSERT INTO items(items) VALUES ('optimize');", nullptr, nullptr, nullptr), db,
        "commit");
  sqlite3_finalize(ins_item);
  sqlite3_finalize(ins_meta);
  check(sqlite3_prepare_v2(db, sql(true).c_str(), -1, &impl_->with_words, nullptr), db, "prepare words");
  check(sqlite3_prepare_v2(db, sql(false).c_str(), -1, &impl_->areas_only, nullptr), db, "prepare areas");
}

fts5_digest_peer::~fts5_digest_peer() {
  sqlite3_finalize(impl_->with_words);
  sqlite3_finalize(impl_->areas_only);
  sqlite3_close(impl_->db);
}

std::vector<std::string> fts5_digest_peer::digest(const digest::profile& p, const digest::sent_state& sent_state,
                                                  std::size_t cap) {
  const std::string words = match_expression(p);
  sqlite3_stmt* st = words.empty() ? impl_->areas_only : impl_->with_words;
  if (!words.empty()) bind_text(st, 1, words);
  sqlite3_bind_int64(st, 2, area_bits(p.learning_areas));
  sqlite3_bind_int64(st, 3, year_bits(p.year_levels));
  sqlite3_bind_int(st, 4, sent_state.last_sent_added.empty() ? 0 : day_of(sent_state.last_sent_added));
  sqlite3_bind_int64(st, 5, static_cast<sqlite3_int64>(cap));
  // The sent ids as rowids.
  std::string sent = "[";
  for (const auto& id : sent_state.sent) {
    auto it = impl_->rowids.find(id);
    if (it != impl_->rowids.end()) sent += (sent.size() > 1 ? "," : "") + std::to_string(it->second);
  }
  bind_text(st, 6, sent + "]");
  std::vector<std::string> out;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW)
    out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  check(rc, impl_->db, "digest");
  sqlite3_reset(st);
  return out;
}

}  // namespace commonsbot::bench
