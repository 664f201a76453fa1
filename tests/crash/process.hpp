// A child process with its standard output on a pipe, for the crash tests.
#pragma once

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace commonsbot::store::test {

class piped_process {
 public:
  explicit piped_process(const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out_ = fds[0];
    if (rc != 0) throw std::runtime_error("posix_spawn failed for " + args[0]);
  }
  ~piped_process() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ >= 0) ::close(out_);
  }
  piped_process(const piped_process&) = delete;
  piped_process& operator=(const piped_process&) = delete;

  pid_t pid() const { return pid_; }

  // Collects output for `d` (or until end of file), so the child never blocks on a full pipe.
  void read_for(std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0 || eof_) return;
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) > 0) read_some();
    }
  }
  // Reads until a line starting with `prefix` has arrived (or the timeout).
  bool wait_for_line(const std::string& prefix, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until && !eof_) {
      if (output_.rfind(prefix, 0) == 0 || output_.find("\n" + prefix) != std::string::npos) return true;
      read_for(std::chrono::milliseconds(20));
    }
    return output_.rfind(prefix, 0) == 0 || output_.find("\n" + prefix) != std::string::npos;
  }
  // SIGKILL, reap, and read what is left in the pipe.
  void kill9() {
    ::kill(pid_, SIGKILL);
    wait();
  }
  // Waits for exit, reads everything, returns the exit code (or 128 + signal).
  int wait() {
    while (!eof_) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 1000) > 0) read_some();
    }
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
  const std::string& output() const { return output_; }

 private:
  void read_some() {
    char buf[65536];
    const ssize_t n = ::read(out_, buf, sizeof buf);
    if (n <= 0) eof_ = true;
    else output_.append(buf, static_cast<std::size_t>(n));
  }
  pid_t pid_ = -1;
  int out_ = -1;
  bool eof_ = false;
  std::string output_;
};

}  // namespace commonsbot::store::test
