#!/bin/sh
# check_po.sh SRCDIR - the language catalogs are complete (issue 11: a test fails on
# any untranslated or fuzzy message).
#
# 1. Every po/*.po compiles with msgfmt --check-format (printf conversions of each
#    translation match its msgid) and has no untranslated and no fuzzy entry.
# 2. Every msgid the sources mark with _() or N_() (xgettext over src/, as
#    `make update-po` runs it) is translated in every catalog (msgcmp), so a new
#    sentence in the code fails here until `make update-po` and its translation.
# 3. po/sr@latin.po is exactly po/sr.po transliterated (po/sr-latin.sh).
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
export LC_ALL=C LANGUAGE=
fail=0
n=0
for po in po/*.po; do
  n=$((n + 1))
  if ! stats=$(msgfmt --check-format --statistics -o /dev/null "$po" 2>&1); then
    echo "FAIL $po: $stats"
    fail=1
    continue
  fi
  case $stats in
    *untranslated*|*fuzzy*) echo "FAIL $po: $stats"; fail=1 ;;
    *) echo "ok   $po: $stats" ;;
  esac
done
if [ "$n" -lt 4 ]; then
  echo "FAIL: $n catalogs in po/, want bs, hr, sr and sr@latin"
  fail=1
fi
files=$(find src -name '*.c' | LC_ALL=C sort)
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ -o "$tmp/src.pot" $files
for po in po/*.po; do
  if ! msgcmp "$po" "$tmp/src.pot" 2>"$tmp/err"; then
    echo "FAIL $po: messages of the sources not translated (run make update-po, translate):"
    grep -v "warning: this message is not used" "$tmp/err" | head -20
    fail=1
  fi
done
sh po/sr-latin.sh "$tmp/srl.po"
if ! cmp -s "$tmp/srl.po" po/sr@latin.po; then
  echo "FAIL po/sr@latin.po is not po/sr.po transliterated (run sh po/sr-latin.sh)"
  fail=1
fi
exit $fail
