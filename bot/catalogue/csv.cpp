#include "catalogue/csv.hpp"

namespace commonsbot::catalogue {

csv_reader::csv_reader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // Excel's "CSV UTF-8" starts with a BOM
}

void csv_reader::end_line() {
  if (pos_ < text_.size() && text_[pos_] == '\r') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  ++line_;
}

void csv_reader::skip_to_line_end() {
  while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') ++pos_;
  if (pos_ < text_.size()) end_line();
}

bool csv_reader::next(csv_record& rec) {
  rec.cells.clear();
  rec.error.clear();
  rec.blank = false;
  rec.line = line_;
  const std::size_t n = text_.size();
  if (pos_ >= n) return false;
  if (text_[pos_] == '\n' || text_[pos_] == '\r') {
    rec.blank = true;
    end_line();
    return true;
  }

  for (;;) {
    std::string cell;
    if (pos_ < n && text_[pos_] == '"') {
      const std::size_t opened_on = line_;
      ++pos_;
      for (;;) {
        if (pos_ >= n) {
          rec.cells.push_back(std::move(cell));
          rec.error = "a quoted cell opened on line " + std::to_string(opened_on) + " is never closed";
          return true;
        }
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
            cell += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n') ++line_;
        cell += c;
        ++pos_;
      }
      if (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') {
        rec.cells.push_back(std::move(cell));
        rec.error = "text after a closing quote on line " + std::to_string(line_) +
                    " (a quote inside a quoted cell must be doubled: \"\")";
        skip_to_line_end();
        return true;
      }
    } else {
      // A stray quote inside an unquoted cell is kept as text: spreadsheets read it that way.
      while (pos_ < n && text_[pos_] != ',' && text_[pos_] != '\r' && text_[pos_] != '\n') cell += text_[pos_++];
    }
    rec.cells.push_back(std::move(cell));
    if (pos_ < n && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (pos_ < n) end_line();
    return true;
  }
}

}  // namespace commonsbot::catalogue
