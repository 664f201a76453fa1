// Router: method + path to handler. Pure: no sockets, no Beast.
#pragma once

#include "http/message.hpp"

#include <map>
#include <string>

namespace commonsbot::http {

class router {
 public:
  // Registers `h` for exact `path` and `method`. Registering the same pair twice replaces it.
  void add(std::string method, std::string path, handler h);

  // Calls the matching handler, or responds 404 (unknown path) or 405 (known path, other
  // method, with an Allow header) with a JSON error body.
  void dispatch(request req, responder respond) const;

 private:
  std::map<std::string, std::map<std::string, handler>> routes_;  // path -> method -> handler
};

}  // namespace commonsbot::http
