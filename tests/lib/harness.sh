# harness.sh - the frame every shell test shares; sourced after `set -u` by
#   . "$(dirname "$0")/../lib/harness.sh"
# It gives a scratch folder $tmp, removed on exit (with $bg, a background process id a
# test may set, killed first), the failure count $fails, and:
#   fail MESSAGE                       count a failure and print it
#   check NAME STATUS COMMAND...       run COMMAND, stdout to $tmp/out and stderr to
#                                      $tmp/err; a failure if it exits other than STATUS
#                                      (the message quotes the start of its stderr)
#   finish                             print the count; the status is 0 only if none failed
tmp=$(mktemp -d)
bg=
trap '[ -n "$bg" ] && kill -9 "$bg" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails+1)); }
check() {
  local name=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" != "$want" ]; then fail "$name: exit $got, want $want: $(head -c 600 "$tmp/err")"; fi
}
finish() { echo "$fails failed"; [ "$fails" = 0 ]; }
