#include "http/router.hpp"

#include <stdexcept>

namespace commonsbot::http {

void router::add(std::string method, std::string path, handler h) {
  // Mistakes here are programming errors in the composition root; fail at start, loudly.
  if (method.empty()) throw std::invalid_argument("http::router: empty method for " + path);
  if (path.empty() || path.front() != '/')
    throw std::invalid_argument("http::router: path must start with '/': " + path);
  if (!h) throw std::invalid_argument("http::router: empty handler for " + method + " " + path);
  routes_[std::move(path)][std::move(method)] = std::move(h);
}

void router::dispatch(request req, responder respond) const {
  const auto by_path = routes_.find(req.path);
  if (by_path == routes_.end()) {
    // The message never quotes the path or method: error bodies do not echo what a client sent.
    respond(response::json_error(404, "not_found", "No route for this path"));
    return;
  }
  const auto& methods = by_path->second;
  const auto by_method = methods.find(req.method);
  if (by_method == methods.end()) {
    std::string allow;
    for (const auto& [method, unused] : methods) {
      if (!allow.empty()) allow += ", ";
      allow += method;
    }
    auto res = response::json_error(405, "method_not_allowed", "Method not allowed for this path; see Allow");
    res.headers.emplace_back("Allow", std::move(allow));
    respond(std::move(res));
    return;
  }
  by_method->second(std::move(req), std::move(respond));
}

}  // namespace commonsbot::http
