#!/bin/sh
# Regenerates po/web/soso-web.pot (gettext domain "soso-web": the web app's
# strings) from web/app.js (xgettext: t, T, tf, N_, kpi), web/index.html
# (data-i18n attributes) and web/survey.json (question and option texts), then
# merges it into every po/web/LANG.po (msgmerge) and rebuilds en.po (msgen).
# Run from the repository root after changing the app's strings.
set -eu
cd "$(dirname "$0")/../.."
out=po/web/soso-web.pot
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext -L JavaScript --from-code=UTF-8 -k -kt -kT -ktf -kN_ -kkpi --no-wrap \
  --package-name=soso-web -o "$tmp/js.pot" web/app.js
# data-i18n="..." in the page and "text": "..." in the questionnaire, as a fake C
# file of N_("...") calls so that xgettext does the escaping.
{
  sed -n 's/.*data-i18n="\([^"]*\)".*/N_("\1");/p' web/index.html
  sed -n 's/.*"text": *"\([^"]*\)".*/N_("\1");/p; s/.*"title": *"\([^"]*\)".*/N_("\1");/p' web/survey.json
} > "$tmp/other.c"
xgettext -L C --from-code=UTF-8 -k -kN_ --no-wrap -o "$tmp/other.pot" "$tmp/other.c"
msgcat --use-first --no-wrap -o "$out" "$tmp/js.pot" "$tmp/other.pot"
sed -i 's/charset=CHARSET/charset=UTF-8/' "$out"
for po in po/web/*.po; do
  [ -e "$po" ] || continue
  case "$po" in */en.po) continue ;; esac
  msgmerge --quiet --update --backup=none --no-wrap "$po" "$out"
done
msgen --no-wrap "$out" | sed 's/charset=CHARSET/charset=UTF-8/; s/^"Language: \\n"/"Language: en\\n"/' > po/web/en.po
