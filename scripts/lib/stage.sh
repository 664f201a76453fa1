# Timed stages for the build and test scripts (sourced, not run).
#   stage NAME COMMAND...   runs COMMAND; when COMMONSBOT_STAGE_LOG names a file, appends
#                           "seconds<TAB>status<TAB>NAME" to it, so .ci/run can print how long
#                           every stage took, failed ones included.
# COMMONSBOT_STAGE_PREFIX (e.g. "asan") is put before NAME.
stage() {
  local name=$1
  shift
  [ -n "${COMMONSBOT_STAGE_PREFIX:-}" ] && name="$COMMONSBOT_STAGE_PREFIX: $name"
  local started=$SECONDS status=0
  "$@" || status=$?
  if [ -n "${COMMONSBOT_STAGE_LOG:-}" ]; then
    printf '%s\t%s\t%s\n' "$((SECONDS - started))" "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" "$name" \
      >>"$COMMONSBOT_STAGE_LOG"
  fi
  return "$status"
}
