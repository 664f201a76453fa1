// commonsbot: the command-line entry point. Everything lives in app/cli.cpp.
#include "app/cli.hpp"

int main(int argc, char** argv) { return commonsbot::app::run_cli(argc, argv); }
