// Child processes for integration tests: run the real binary with arguments, feed its
// stdin, read what it printed, signal it.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace commonsbot::test {

struct run_result {
  int exit_code = -1;  // -1 if killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// Runs `argv` to completion with `input` on stdin. Kills it after `timeout`.
run_result run_process(const std::vector<std::string>& argv, const std::string& input,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A process that keeps running while the test talks to it (a server).
class child_process {
 public:
  // Starts `argv` with stdout and stderr sent to `log_file`.
  child_process(const std::vector<std::string>& argv, const std::filesystem::path& log_file);
  ~child_process();  // SIGKILLs the child if it still runs
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  int pid() const { return pid_; }
  void signal(int sig);
  // Waits for the child to exit; returns its exit code, or -1 after `timeout` / a signal.
  int wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool running();

 private:
  int pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

// Waits until `file` exists and holds a number (a server's --port-file); 0 on timeout.
unsigned short wait_for_port_file(const std::filesystem::path& file,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(30));

std::string read_file(const std::filesystem::path& file);

}  // namespace commonsbot::test
