#!/bin/bash
# basics.sh - the soso command's contract: --help, --version, exit statuses.
# usage: basics.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
. "$(dirname "$0")/../lib/harness.sh"
check version 0 "$soso" --version
check help 0 "$soso" --help
check no-args 2 "$soso"
check unknown-command 2 "$soso" frobnicate
check db-without-path 2 "$soso" --db
"$soso" --version | grep -Eq '^soso [0-9]+\.[0-9]+\.[0-9]+$' || { echo "FAIL version format"; fails=$((fails+1)); }
finish
