#!/bin/bash
# concurrency.sh - a short bounded run of bench/concurrency.sh (issue 12): reads
# during an import never fail, and a killed import leaves the old or the new store.
# usage: concurrency.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
command -v sqlite3 >/dev/null || { echo "SKIP: sqlite3 (the CLI) is not installed"; exit 77; }
exec bash "$2/bench/concurrency.sh" "$1" 3000 4 3
