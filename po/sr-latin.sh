#!/bin/sh
# sr-latin.sh - po/sr@latin.po from po/sr.po: Serbian Cyrillic transliterated to
# Latin with gettext's recode-sr-latin (the standard one-to-one mapping: а a, б b,
# в v, г g, д d, ђ đ, е e, ж ž, з z, и i, ј j, к k, л l, љ lj, м m, н n, њ nj, о o,
# п p, р r, с s, т t, ћ ć, у u, ф f, х h, ц c, ч č, џ dž, ш š). Latin text inside
# the Cyrillic catalog (EUR, SOSO, file names) passes through unchanged. Run by
# po/update.sh; tests/core/check_po.sh checks that the two files agree.
# usage: sr-latin.sh [OUT] (default po/sr@latin.po)
set -eu
cd "$(dirname "$0")/.."
out=${1:-po/sr@latin.po}
msgfilter --keep-header -i po/sr.po -o "$out.tmp" recode-sr-latin
sed -e 's/^"Language: sr\\n"$/"Language: sr@latin\\n"/' \
    -e 's/^"Language-Team: Serbian (Cyrillic)\\n"$/"Language-Team: Serbian (Latin)\\n"/' \
    -e '1s/.*/# Serbian (Latin script) messages of soso: made from sr.po by po\/sr-latin.sh; do not edit./' \
    "$out.tmp" > "$out"
rm -f "$out.tmp"
