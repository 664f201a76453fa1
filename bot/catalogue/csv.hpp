// An RFC 4180 CSV record reader: quoted cells, doubled quotes, commas and line breaks inside
// quotes, CRLF or LF line ends, a leading UTF-8 byte order mark skipped.
//
// Why our own and not Debian's libcsv (libcsv-dev 3.0.3+dfsg is in bookworm): upstream's
// last release, 3.0.3, is about a decade old, and it lacks what an import needs most: in
// strict mode it stops at the first stray quote (resuming means finding the next row by
// hand), and its field and row callbacks carry no line numbers to point people at. The
// grammar is small enough that this reader and its tests are less to maintain than the glue
// around a C callback API, and one less package to install.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace commonsbot::catalogue {

struct csv_record {
  std::vector<std::string> cells;
  std::size_t line = 0;  // the physical line the record starts on (1-based)
  std::string error;     // non-empty if the record is malformed; its cells are incomplete
  bool blank = false;    // an empty line
};

class csv_reader {
 public:
  explicit csv_reader(std::string_view text);
  // Reads the next record into `rec`; false at the end of the input. After a malformed
  // record the reader resumes at the next line, so one bad row does not hide the rest.
  bool next(csv_record& rec);

 private:
  void skip_to_line_end();
  void end_line();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace commonsbot::catalogue
