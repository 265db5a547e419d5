#!/bin/bash
# contract.sh - the option contract of every command and subcommand listed by
# `soso --help`: --help exits 0 with usage on stdout (nothing on stderr); an unknown
# option, or an option missing its value, exits 2 with one line on stderr naming it;
# a missing required argument exits 2 with one line; a missing input file exits 1
# with the file's name in the message. Also: --quiet leaves stderr empty on success.
# usage: contract.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
src=$2
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOSO_DB="$tmp/contract.db"
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# run CMD... : runs soso with the words given, leaves status in $rc, outputs in files.
run() { "$soso" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
lines() { wc -l <"$1" | tr -d ' '; }

commands=("deposits" "deposits import" "deposits list" "deposits show" "deposits presets"
  "screen" "districts" "map" "prices" "prices import" "prices list" "prices calibrate"
  "prices simulate" "value" "simulate" "impacts" "econ" "econ multipliers" "region"
  "region draft" "mine" "mine draft" "report" "survey" "survey import" "survey analyse"
  "survey plan" "survey residents" "survey synth" "serve" "sweep")

# Every command named in the top-level help is in the list above.
for c in $("$soso" --help | sed -n '/^Commands/,/^$/p' | awk 'NR>1 && NF {print $1}'); do
  found=0
  for k in "${commands[@]}"; do [ "$k" = "$c" ] && found=1; done
  [ $found = 1 ] || fail "top-level command '$c' not covered by contract.sh"
done

for c in "${commands[@]}"; do
  # shellcheck disable=SC2086  # the words of $c are meant to split
  run $c --help
  [ "$rc" = 0 ] || fail "$c --help: exit $rc"
  [ -s "$tmp/err" ] && fail "$c --help: stderr not empty: $(head -1 "$tmp/err")"
  grep -q "^usage: soso ${c%% *}" "$tmp/out" || fail "$c --help: no usage line on stdout"
  if [ "$c" != "${c%% *}" ]; then # a subcommand: its own usage line is there
    grep -q "soso $c" "$tmp/out" || fail "$c --help: usage does not name 'soso $c'"
  fi

  # shellcheck disable=SC2086
  run $c --no-such-option-7q
  [ "$rc" = 2 ] || fail "$c --no-such-option-7q: exit $rc, want 2"
  [ "$(lines "$tmp/err")" = 1 ] || fail "$c --no-such-option-7q: $(lines "$tmp/err") stderr lines, want 1"
  grep -q -- "--no-such-option-7q" "$tmp/err" || fail "$c --no-such-option-7q: message does not name it"
  [ -s "$tmp/out" ] && fail "$c --no-such-option-7q: stdout not empty"
done

# An option whose value is missing (last word): exit 2, one line naming the option.
for words in "screen --format" "districts --eps-km" "map --out" "deposits list --format" \
  "deposits show --format" "deposits import --source" "prices list --format" \
  "prices calibrate --model" "prices simulate --paths" "value x.yaml --method" \
  "simulate x.yaml --paths" "impacts x.yaml --community" "econ multipliers x.csv --format" \
  "region x.yaml --paths" "report x.yaml --out" "mine draft x --out" \
  "region draft 1 --out" "survey import x.csv --codebook" \
  "survey analyse --seed" "survey plan --width" "survey synth --out" "serve x.yaml --listen" \
  "sweep --scenarios"; do
  # shellcheck disable=SC2086
  run $words
  opt=${words##* }
  [ "$rc" = 2 ] || fail "$words (no value): exit $rc, want 2"
  [ "$(lines "$tmp/err")" = 1 ] || fail "$words (no value): $(lines "$tmp/err") stderr lines, want 1"
  grep -q -- "$opt" "$tmp/err" || fail "$words (no value): message does not name $opt"
done

# A missing required argument: exit 2, one line.
for words in "deposits" "deposits import" "deposits show" "prices" "prices import" \
  "prices calibrate" "prices calibrate --commodity COPPER" "prices simulate" "value" \
  "simulate" "impacts" "impacts x.yaml" "econ" "econ multipliers" "region" "report" \
  "report x.yaml" "map" "mine" "mine draft" "region draft" "survey" "survey import" \
  "survey residents" "survey synth" "serve" "sweep" "sweep --out x.gpkg"; do
  # shellcheck disable=SC2086
  run $words
  [ "$rc" = 2 ] || fail "$words (missing argument): exit $rc, want 2"
  [ "$(lines "$tmp/err")" = 1 ] || fail "$words (missing argument): $(lines "$tmp/err") stderr lines, want 1"
  [ -s "$tmp/out" ] && fail "$words (missing argument): stdout not empty"
done

# A missing input file: exit 1, the file named in the message, nothing on stdout.
nope="$tmp/no-such-file-k3.yaml"
community="$src/examples/drina/ljubovija.community.yaml"
site="$src/examples/drina/sase.site.yaml"
region="$src/examples/drina/drina.region.yaml"
for words in "deposits import $nope" "prices import $nope" "value $nope" "simulate $nope" \
  "impacts $nope --community $community" "impacts $site --community $nope" \
  "impacts $site --community $community --rules $nope" "econ multipliers $nope" \
  "region $nope" "region $region --rules $nope" "region $region --cumulative-rules $nope" \
  "report $nope --out $tmp/rep" "serve $nope --listen 127.0.0.1:0" \
  "sweep --scenarios $nope --out $tmp/s.gpkg" \
  "survey import $tmp/no-such-file-k3.csv --codebook $src/examples/drina/survey/survey-codebook.yaml --community A --wave 1" \
  "survey import x.csv --codebook $nope --community A --wave 1"; do
  # shellcheck disable=SC2086
  run $words
  [ "$rc" = 1 ] || fail "$words (missing file): exit $rc, want 1"
  grep -q "no-such-file-k3" "$tmp/err" || fail "$words (missing file): file not named: $(head -1 "$tmp/err")"
  [ -s "$tmp/out" ] && fail "$words (missing file): stdout not empty"
done
[ -e "$tmp/rep" ] && fail "report with a missing region file created its output folder"

# --quiet: a successful command prints nothing on stderr.
run --quiet deposits import "$src/examples/deposits/balkans_sample.csv"
[ "$rc" = 0 ] || fail "deposits import sample: exit $rc"
for words in "screen" "districts --min-deposits 2" "districts --min-deposits 2 --format json" \
  "map --out $tmp/m.png" "deposits presets" "prices list"; do
  # shellcheck disable=SC2086
  run --quiet $words
  [ "$rc" = 0 ] || fail "--quiet $words: exit $rc ($(head -1 "$tmp/err"))"
  [ -s "$tmp/err" ] && fail "--quiet $words: stderr not empty: $(head -1 "$tmp/err")"
done
# Not a terminal (stderr is a file here): no chatter on stderr either.
for words in "districts --min-deposits 2" "map --out $tmp/m2.png"; do
  # shellcheck disable=SC2086
  run $words
  [ "$rc" = 0 ] || fail "$words: exit $rc"
  [ -s "$tmp/err" ] && fail "$words: stderr not empty when not a terminal: $(head -1 "$tmp/err")"
done
# Text output ends with a newline.
for words in "screen" "districts --min-deposits 2" "districts --min-deposits 2 --format table" \
  "districts --min-deposits 2 --format csv" "districts --min-deposits 2 --format json" \
  "screen --format json" "screen --format csv" "deposits presets" "prices list"; do
  # shellcheck disable=SC2086
  run $words
  if [ -s "$tmp/out" ] && [ "$(tail -c 1 "$tmp/out" | od -An -c | tr -d ' ')" != '\n' ]; then
    fail "$words: output does not end with a newline"
  fi
done

echo "$fails failed"
[ "$fails" = 0 ]
