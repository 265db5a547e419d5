#!/bin/sh
# mkman.sh - one man page per command from its --help, with help2man.
# usage: mkman.sh SOSO_BINARY OUTDIR COMMAND...
# soso.1 is the overview (soso --help); soso-COMMAND.1 each command's options. The
# text is the --help text itself, so the pages cannot drift from the program.
set -eu
soso=$1
out=$2
shift 2
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ver=$("$soso" --version | head -n 1 | sed 's/^soso //')
help2man --no-info --no-discard-stderr --version-string="$ver" \
  --name="decision support for modern small-scale mining in Europe" \
  --output="$out/soso.1" "$soso"
for cmd in "$@"; do
  # help2man runs a program with --help: a two-line wrapper names the command
  w="$tmp/soso-$cmd"
  printf '#!/bin/sh\nexec "%s" %s "$@"\n' "$soso" "$cmd" > "$w"
  chmod +x "$w"
  summary=$("$soso" --help | awk -v c="$cmd" '$1 == c { $1 = ""; sub(/^ +/, ""); print; exit }')
  help2man --no-info --no-discard-stderr --version-string="$ver" \
    --name="${summary:-soso $cmd}" --output="$out/soso-$cmd.1" "$w"
done
