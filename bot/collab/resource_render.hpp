// How catalogue resources look in a conversation: each hit a section (title, one line of
// description, link, learning areas, year levels, format), and the words around a page of
// results. Shared by the search and add flows (bot/collab/resource_*_actions.cpp).
#pragma once

#include "catalogue/resource.hpp"
#include "collab/action_text.hpp"
#include "collab/resource_query.hpp"
#include "core/message.hpp"
#include "flows/engine.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace commonsbot::collab::resources {

inline constexpr std::size_t page_size = 5;

// `text` on one line, cut at a word boundary with "…" if longer than `max_chars` code points.
std::string one_line(std::string_view text, std::size_t max_chars = 160);

// The format's name for people ("ebook" -> "E-book"); unknown formats as they are.
std::string format_label(const flows::flow_context& ctx, std::string_view format);

// Hit number `number` (1-based, counted across pages) as a section.
core::section hit_section(const flows::flow_context& ctx, const catalogue::resource& r, std::size_t number);

// " in Science for Years 5-6", or empty without filters: appended to a sentence.
std::string filters_text(const flows::flow_context& ctx, const resource_query& q);

}  // namespace commonsbot::collab::resources
