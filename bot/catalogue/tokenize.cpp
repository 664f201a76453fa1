#include "catalogue/tokenize.hpp"

#include <algorithm>
#include <array>

namespace commonsbot::catalogue {
namespace {

// Base letters for U+00C0..U+00FF and U+0100..U+017F. Digits stand for two-letter folds
// (1 ae, 2 th, 3 ss, 4 ij, 5 oe); '_' keeps the character (× and ÷, which are not letters).
constexpr std::string_view latin1 = "aaaaaa1ceeeeiiiidnooooo_ouuuuy23aaaaaa1ceeeeiiiidnooooo_ouuuuy2y";
constexpr std::string_view latin_ext_a =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii44jjkkkllllllllllnnnnnnnnnoooooo55rrrrrrssssssss"
    "ttttttuuuuuuuuuuuuwwyyyzzzzzzs";
static_assert(latin1.size() == 64 && latin_ext_a.size() == 128);

std::string_view expand(char c) {
  switch (c) {
    case '1': return "ae";
    case '2': return "th";
    case '3': return "ss";
    case '4': return "ij";
    case '5': return "oe";
    default: return {};
  }
}

// Length of the UTF-8 sequence starting at s[i] if well-formed enough to step over, else 1.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c >= 0xF0 && c < 0xF8 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (len > 1 && c >= 0xF8) len = 1;
  if (i + len > s.size()) return 1;
  for (std::size_t k = 1; k < len; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 1;
  return len;
}

unsigned code_point(std::string_view s, std::size_t i, std::size_t len) {
  const auto c = static_cast<unsigned char>(s[i]);
  unsigned cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

bool is_separator(unsigned cp) {
  return (cp >= 0x80 && cp < 0xC0) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp < 0x2070) ||
         (cp >= 0x3000 && cp < 0x3040) || cp == 0xFEFF;
}

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

constexpr std::array<std::string_view, 44> stop_words = {
    "a",    "about", "after", "all",  "also",  "an",    "and",  "any",   "are",  "as",   "at",
    "be",   "been",  "but",   "by",   "can",   "for",   "from", "has",   "have", "how",  "i",
    "in",   "into",  "is",    "it",   "its",   "of",    "on",   "or",    "our",  "that", "the",
    "their", "this", "to",    "was",  "we",    "what",  "when", "which", "who",  "with", "you"};
static_assert(std::is_sorted(stop_words.begin(), stop_words.end()), "binary_search needs them sorted");

}  // namespace

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(text, i);
    const unsigned cp = len == 2 ? code_point(text, i, len) : 0;
    char base = '_';
    if (cp >= 0xC0 && cp < 0x100) base = latin1[cp - 0xC0];
    else if (cp >= 0x100 && cp < 0x180) base = latin_ext_a[cp - 0x100];
    if (base == '_') out.append(text.substr(i, len));
    else if (auto two = expand(base); !two.empty()) out += two;
    else out += base;
    i += len;
  }
  return out;
}

std::string stem(std::string w) {
  const auto ends = [&w](std::string_view suffix) { return w.ends_with(suffix); };
  const std::size_t n = w.size();
  if (n <= 3 || w.back() != 's') return w;
  if (ends("ss") || ends("us") || ends("is")) return w;
  if (n > 4 && ends("ies")) return w.replace(n - 3, 3, "y");
  if (ends("sses") || ends("ches") || ends("shes") || ends("xes") || ends("zes")) return w.erase(n - 2);
  if (n > 5 && ends("oes")) return w.erase(n - 2);
  return w.erase(n - 1);
}

bool is_stop_word(std::string_view w) { return std::binary_search(stop_words.begin(), stop_words.end(), w); }

std::vector<std::string> tokenize(std::string_view text) {
  const std::string folded = fold(text);
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    const bool one_letter = word.size() == 1 && !(word[0] >= '0' && word[0] <= '9');
    if (!word.empty() && word.size() <= 64 && !one_letter && !is_stop_word(word)) out.push_back(stem(std::move(word)));
    word.clear();
  };
  for (std::size_t i = 0; i < folded.size();) {
    const char c = folded[i];
    if (static_cast<unsigned char>(c) < 0x80) {
      if (ascii_alnum(c)) word += c;
      else flush();
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(folded, i);
    if (len > 1 && is_separator(code_point(folded, i, len))) flush();
    else word.append(folded, i, len);
    i += len;
  }
  flush();
  return out;
}

}  // namespace commonsbot::catalogue
