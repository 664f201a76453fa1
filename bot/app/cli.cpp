#include "app/cli.hpp"

#include <cstdio>

namespace commonsbot::app {

int run_cli(int, char**) {
  std::fputs("commonsbot: under construction\n", stderr);
  return 2;
}

}  // namespace commonsbot::app
