// commonsbot: the command-line entry point. The command line lives in cli/cli.cpp.
#include "cli/cli.hpp"

int main(int argc, char** argv) { return commonsbot::cli::run_cli(argc, argv); }
