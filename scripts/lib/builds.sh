# The sanitizer builds, shared by scripts/test and scripts/fuzz (sourced, not run).
#   use_build asan|fuzz|tsan   sets build_dir, cmake_options and the sanitizers' run-time options
#
# asan: Clang with AddressSanitizer + UBSan, and libFuzzer's coverage in every library, so
#       the same build runs the unit, integration and crash tests and the fuzz targets.
#       Unoptimised with line tables only: half the compile time of -O1 (the tests then run
#       about half as fast, which costs less), stack traces with file and line.
# fuzz: the asan build at -O1, for long fuzzing runs (scripts/fuzz): several times the
#       executions per second of the unoptimised build, which CI's short runs can do without.
# tsan: Clang with ThreadSanitizer, at -O1 (TSan's own advice: unoptimised code under TSan
#       runs several times slower, and the races it finds are the same).
use_build() {
  case "$1" in
    asan | fuzz)
      build_dir=build-$1
      local debug_flags=-g1
      [ "$1" = fuzz ] && debug_flags="-g1 -O1"
      cmake_options=(-DCMAKE_CXX_COMPILER=clang++-14 -DCOMMONSBOT_SANITIZE=address -DCOMMONSBOT_FUZZ=ON
                     -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=$debug_flags" -DCOMMONSBOT_BUILD_BENCH=OFF)
      export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
      export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
      ;;
    tsan)
      build_dir=build-tsan
      cmake_options=(-DCMAKE_CXX_COMPILER=clang++-14 -DCOMMONSBOT_SANITIZE=thread -DCMAKE_BUILD_TYPE=Debug
                     "-DCMAKE_CXX_FLAGS_DEBUG=-g1 -O1"
                     -DCOMMONSBOT_BUILD_BENCH=OFF)
      # scripts/test collects reports from $build_dir/sanitizer-reports (see there).
      export SANITIZER_REPORTS=1
      export TSAN_OPTIONS="second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp log_path=$PWD/$build_dir/sanitizer-reports/tsan"
      ;;
    *) echo "use_build: asan, fuzz or tsan, not $1" >&2; return 2 ;;
  esac
}

# A build directory configured another way (another compiler or sanitizer, e.g. from an older
# checkout) is configured afresh rather than half-reused.
reset_if_configured_differently() {
  local cache="$build_dir/CMakeCache.txt" want_compiler want_sanitize
  [ -f "$cache" ] || return 0
  want_sanitize=$(printf '%s\n' "${cmake_options[@]}" | sed -n 's/^-DCOMMONSBOT_SANITIZE=//p')
  want_compiler=$(printf '%s\n' "${cmake_options[@]}" | sed -n 's/^-DCMAKE_CXX_COMPILER=//p')
  if ! grep -q "^COMMONSBOT_SANITIZE:STRING=$want_sanitize\$" "$cache" ||
     { [ -n "$want_compiler" ] && ! grep -q "^CMAKE_CXX_COMPILER:[A-Z]*=.*$want_compiler\$" "$cache"; }; then
    echo "$build_dir was configured differently; configuring it afresh"
    rm -rf "$build_dir"
  fi
}
