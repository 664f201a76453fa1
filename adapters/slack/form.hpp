// application/x-www-form-urlencoded, as Slack sends slash commands and interactivity
// ("payload=<JSON>"): '+' is a space, %XX a byte. Strict: a bad escape is an error, not a
// guess, so a malformed body is refused with a message that says where.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace commonsbot::adapters::slack {

using form_fields = std::map<std::string, std::string, std::less<>>;

// Decodes one component. Empty optional on a bad %-escape.
std::optional<std::string> url_decode(std::string_view s);

// Parses a whole body. On failure returns nothing and sets `error`. A repeated name keeps
// the first value.
std::optional<form_fields> parse_form(std::string_view body, std::string& error);

// Percent-encodes for a form body or query (unreserved characters kept, space as %20).
std::string url_encode(std::string_view s);

// The field's value, or empty.
std::string field(const form_fields& f, std::string_view name);

// The media type of a Content-Type header, lowercased, without parameters.
std::string media_type(std::string_view content_type);

}  // namespace commonsbot::adapters::slack
