// The command line: `commonsbot <subcommand> [options]`.
#pragma once

namespace commonsbot::cli {

// Runs one subcommand and returns the process exit status.
int run_cli(int argc, char** argv);

}  // namespace commonsbot::cli
