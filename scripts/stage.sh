#!/bin/sh
# stage.sh - one build stage, quietly: one line on screen, the full output in a log.
# usage: stage.sh LOGDIR NAME TITLE COMMAND [ARGS...]
#   SHOW=REGEX  also print the log lines matching REGEX (results) after "ok"
#   V=1         no log: the command's output goes to the terminal
# On failure the last 40 lines of the log and its path are printed and the
# command's exit status is returned.
set -u
logdir=$1 name=$2 title=$3
shift 3
if [ "${V:-}" = 1 ]; then
  echo "== $title: $*"
  exec "$@"
fi
mkdir -p "$logdir"
log="$logdir/$name.log"
start=$(date +%s)
printf '%-36s ' "$title"
"$@" > "$log" 2>&1
rc=$?
secs=$(($(date +%s) - start))
if [ "$rc" -eq 0 ]; then
  printf 'ok (%ss)\n' "$secs"
  if [ -n "${SHOW:-}" ]; then grep -E -- "$SHOW" "$log" | sed 's/^/  /'; fi
  exit 0
fi
printf 'FAILED (exit %s, %ss)\n' "$rc" "$secs"
tail -n 40 "$log" | sed 's/^/  | /'
echo "  full log: $log"
exit "$rc"
