#include "store/layout.hpp"

#include <cstdio>

namespace commonsbot::store {
namespace {

constexpr std::size_t seq_digits = 20;

std::string padded(std::uint64_t seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(seq));
  return buf;
}

bool parse_padded(std::string_view digits, std::uint64_t& seq) {
  if (digits.size() != seq_digits) return false;
  std::uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  seq = v;
  return true;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string snapshot_file_name(std::uint64_t seq) { return "snapshot-" + padded(seq) + ".json"; }
std::string journal_file_name(std::uint64_t first_seq) { return "journal-" + padded(first_seq) + ".jsonl"; }

file_kind classify_file_name(std::string_view name, std::uint64_t& seq) {
  if (name == "LOCK") return file_kind::lock;
  if (ends_with(name, ".tmp")) return file_kind::temp;
  constexpr std::string_view snap = "snapshot-";
  constexpr std::string_view jour = "journal-";
  if (name.substr(0, snap.size()) == snap && ends_with(name, ".json") &&
      parse_padded(name.substr(snap.size(), name.size() - snap.size() - 5), seq))
    return file_kind::snapshot;
  if (name.substr(0, jour.size()) == jour && ends_with(name, ".jsonl") &&
      parse_padded(name.substr(jour.size(), name.size() - jour.size() - 6), seq))
    return file_kind::journal;
  return file_kind::other;
}

std::string problem::to_string() const {
  return file + " at offset " + std::to_string(offset) + ": " + what;
}

}  // namespace commonsbot::store
