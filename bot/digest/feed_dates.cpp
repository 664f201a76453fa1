#include "digest/feed_dates.hpp"

#include "catalogue/resource.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <vector>

namespace commonsbot::digest::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The number in `s` when it is all digits (1 to 4 of them), else -1.
int number(std::string_view s) {
  if (s.empty() || s.size() > 4) return -1;
  int n = 0;
  for (char c : s) {
    if (!is_digit(c)) return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

// 1-12 for an English month name or its first three letters ("Mar", "march", "Sept").
int month_number(std::string_view word) {
  static constexpr std::array<std::string_view, 12> names = {
      "january", "february", "march", "april", "may", "june",
      "july", "august", "september", "october", "november", "december"};
  const std::string w = lower(word);
  if (w.size() < 3) return -1;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i].starts_with(w)) return static_cast<int>(i) + 1;
  return -1;
}

// "YYYY-MM-DD" when the day exists (leap years included), else empty.
std::string iso(int year, int month, int day) {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return catalogue::parse_date(buf) > 0 ? std::string(buf) : std::string();
}

// Splits on whitespace and commas: "Mon, 03 Mar 2025 09:30:00 +1300" -> Mon 03 Mar 2025 ...
std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (std::isspace(static_cast<unsigned char>(text[i])) || text[i] == ',')) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != ',') ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

// [day-name ","] day month year [hh:mm[:ss] [zone]]. Only the date decides the answer; the
// time and zone are read leniently because the publisher's day is what we keep.
std::string rfc822_date(std::string_view text) {
  auto w = words(text);
  if (!w.empty() && is_alpha(w.front().front()) && month_number(w.front()) < 0) w.erase(w.begin());
  if (w.size() < 3) return {};
  const int day = number(w[0]);
  const int month = month_number(w[1]);
  if (day < 0 || w[0].size() > 2 || month < 0) return {};
  int year = number(w[2]);
  if (year < 0 || (w[2].size() != 2 && w[2].size() != 4)) return {};
  if (w[2].size() == 2) year += year < 50 ? 2000 : 1900;  // RFC 2822's rule for old feeds
  if (w.size() > 3) {  // a time, if present, must look like one
    const std::string_view t = w[3];
    if (t.size() < 4 || !is_digit(t[0]) || t.find(':') == std::string_view::npos) return {};
  }
  return iso(year, month, day);
}

// YYYY-MM-DD, optionally followed by "T" or a space and a time. A bare year or year-month
// (allowed by W3C-DTF) has no day to show, so it is not read.
std::string rfc3339_date(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return {};
  const int year = number(text.substr(0, 4));
  const int month = text.substr(5, 2).size() == 2 ? number(text.substr(5, 2)) : -1;
  const int day = number(text.substr(8, 2));
  if (year < 0 || month < 0 || day < 0) return {};
  if (text.size() > 10) {
    const char sep = text[10];
    if (sep != 'T' && sep != 't' && sep != ' ') return {};
    const std::string_view t = text.substr(11);
    if (t.size() < 5 || !is_digit(t[0]) || !is_digit(t[1]) || t[2] != ':') return {};
  }
  return iso(year, month, day);
}

std::string feed_date(std::string_view text) {
  std::string out = rfc822_date(text);
  return out.empty() ? rfc3339_date(text) : out;
}

}  // namespace commonsbot::digest::detail
