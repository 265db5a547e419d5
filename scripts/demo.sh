#!/bin/sh
# demo.sh - the main job on data the project ships: runs the pipeline in out/demo
# and prints where its outputs are. usage: demo.sh SOSO_BINARY
set -eu
soso=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/out/demo"
rm -rf "$out"
mkdir -p "$out"
cd "$out"
export SOSO_DB="$out/soso.db"
"$soso" --version
echo "demo: outputs in $out"
