#include "core/form.hpp"

#include <cstdlib>

namespace commonsbot::core {
namespace {

// Field attributes ride as section fields; options as fields labelled "option:<id>".
constexpr std::string_view option_prefix = "option:";

}  // namespace

message form_message(const form& f) {
  message m;
  m.surface = form_surface;
  m.text = f.title;
  m.context = f.submit;
  m.links.push_back({"trigger", f.trigger});
  m.links.push_back({"metadata", f.metadata});
  for (const auto& fld : f.fields) {
    section s;
    s.title = fld.id;
    s.text = fld.label;
    if (!fld.hint.empty()) s.fields.push_back({"hint", fld.hint});
    if (fld.optional) s.fields.push_back({"optional", "yes"});
    if (fld.multiline) s.fields.push_back({"multiline", "yes"});
    if (fld.max_length) s.fields.push_back({"max_length", std::to_string(fld.max_length)});
    for (const auto& o : fld.options) s.fields.push_back({std::string(option_prefix) + o.id, o.label});
    m.sections.push_back(std::move(s));
  }
  return m;
}

std::optional<form> form_of(const message& m) {
  if (m.surface != form_surface) return std::nullopt;
  form f;
  f.title = m.text;
  f.submit = m.context;
  for (const auto& l : m.links) {
    if (l.title == "trigger") f.trigger = l.url;
    else if (l.title == "metadata") f.metadata = l.url;
  }
  for (const auto& s : m.sections) {
    form_field fld;
    fld.id = s.title;
    fld.label = s.text;
    for (const auto& a : s.fields) {
      if (a.label == "hint") fld.hint = a.value;
      else if (a.label == "optional") fld.optional = true;
      else if (a.label == "multiline") fld.multiline = true;
      else if (a.label == "max_length") fld.max_length = static_cast<std::size_t>(std::strtoul(a.value.c_str(), nullptr, 10));
      else if (a.label.starts_with(option_prefix)) fld.options.push_back({a.label.substr(option_prefix.size()), a.value});
    }
    f.fields.push_back(std::move(fld));
  }
  return f;
}

}  // namespace commonsbot::core
