// The words the search index sees. Documents and queries go through the same steps, so a
// query word matches a document word exactly when their normalised forms are equal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::catalogue {

// Lower-cases ASCII and folds Latin letters with diacritics to their base letters
// ("Māori" -> "maori", "Café" -> "cafe"), so people who type without macrons still match.
// Other text is kept as it is; invalid UTF-8 bytes are kept too.
std::string fold(std::string_view text);

// Light English plural stemming: "rivers" -> "river", "boxes" -> "box", "stories" -> "story",
// "volcanoes" -> "volcano"; "glass", "bus" and words of three letters or fewer stay.
std::string stem(std::string word);

bool is_stop_word(std::string_view folded_word);

// fold, split on anything that is not a letter or digit (ASCII punctuation, spaces, and
// Unicode punctuation such as ’ “ – and no-break spaces), drop stop words and one-letter
// words, stem. Words longer than 64 bytes are dropped: they are never typed as queries.
std::vector<std::string> tokenize(std::string_view text);

}  // namespace commonsbot::catalogue
