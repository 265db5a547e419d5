#!/bin/sh
# update.sh - `make update-po`: the message template from the sources, and every
# catalog brought up to date with it (po/README.md).
#
# 1. xgettext reads every src/**/*.c for _() and N_() and writes po/soso.pot.
# 2. msgmerge adds new msgids to bs.po, hr.po and sr.po (empty: untranslated) and
#    marks changed ones fuzzy; tests/core/check_po.sh fails until they are
#    translated and the fuzzy marks removed.
# 3. sr@latin.po is not edited by hand: po/sr-latin.sh makes it from sr.po
#    (Cyrillic) with gettext's recode-sr-latin, the standard one-to-one Cyrillic ->
#    Latin mapping of Serbian.
set -eu
cd "$(dirname "$0")/.."
files=$(find src -name '*.c' | LC_ALL=C sort)
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
  --add-comments=TRANSLATORS: --package-name=soso --msgid-bugs-address="" \
  --sort-by-file --no-location --omit-header -o po/soso.pot.new $files
# a stable header (no creation date) so an unchanged source gives an unchanged file
{
  printf '# Message template of soso (made by po/update.sh; do not edit).\n'
  printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
  cat po/soso.pot.new
} > po/soso.pot
rm -f po/soso.pot.new
for lang in bs hr sr; do
  msgmerge --quiet --update --backup=none po/$lang.po po/soso.pot
done
sh po/sr-latin.sh
for po in po/*.po; do
  printf '%s: ' "$po"
  msgfmt --check-format --statistics -o /dev/null "$po"
done
