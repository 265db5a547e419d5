#!/bin/bash
# basics.sh - the soso command's contract: --help, --version, exit statuses.
# usage: basics.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
fails=0
check() { # check NAME EXPECTED_STATUS COMMAND...
  local name=$1 want=$2; shift 2
  "$@" >/dev/null 2>&1; local got=$?
  if [ "$got" != "$want" ]; then echo "FAIL $name: exit $got, want $want"; fails=$((fails+1)); fi
}
check version 0 "$soso" --version
check help 0 "$soso" --help
check no-args 2 "$soso"
check unknown-command 2 "$soso" frobnicate
check db-without-path 2 "$soso" --db
"$soso" --version | grep -Eq '^soso [0-9]+\.[0-9]+\.[0-9]+$' || { echo "FAIL version format"; fails=$((fails+1)); }
echo "$fails failed"
[ "$fails" = 0 ]
