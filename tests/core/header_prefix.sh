#!/bin/bash
# header_prefix.sh INCLUDE_DIR [LIBSOSO.so] - every public header is named after the
# one prefix family it exports, and the umbrella soso.h includes them all.
#
# The rule, precisely:
#   - A public header is INCLUDE_DIR/soso/NAME.h. NAME is one word ([a-z0-9]+, no
#     underscore), because a family is one word.
#   - The family of soso_F or soso_F_rest is F: the word between "soso_" and the next
#     "_" (soso_value_solve -> value, soso_mine -> mine).
#   - Every function and variable a header declares itself (at file scope; what it
#     gets from the headers it includes is not its own) is of the family NAME.
#     These are the library's exports (nm -D): the names a program links against.
#   - Allow-list, each entry with its reason:
#       soso.h  the umbrella: it includes the stage headers and declares nothing of
#               its own; instead it must include every other public header.
#     Types (typedefs, struct and enum tags) are listed as notes only, not checked:
#     shared types such as soso_write_fn (sink.h) and the stage result types
#     (soso_assessment in impacts.h, soso_valuation in value.h, soso_policy in
#     valuation.h) are named after what they are, not after their header.
#   - With LIBSOSO.so: every exported function is declared in exactly one public
#     header.
# Declarations are read from clang's AST (-ast-dump=json), not by pattern matching:
# a declaration belongs to NAME.h when the header a one-line file includes is where
# it is written. scripts/rename-headers.sh brings a tree that fails this into line.
set -u
inc=$1
lib=${2:-}
command -v clang >/dev/null && command -v jq >/dev/null ||
  { echo "SKIP: clang and jq are needed (scripts/install-deps.sh installs both)"; exit 77; }
[ -f "$inc/soso/soso.h" ] || { echo "FAIL no $inc/soso/soso.h"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

: > "$tmp/all"
for path in "$inc"/soso/*.h; do
  h=$(basename "$path")
  name=${h%.h}
  [ "$h" = soso.h ] && continue
  if ! [[ $name =~ ^[a-z0-9]+$ ]]; then
    fail "$h: a header is named after one family (one word, no '_')"
  fi
  printf '#include "soso/%s"\n' "$h" > "$tmp/tu.c"
  if ! clang -std=c17 -I"$inc" -Xclang -ast-dump=json -fsyntax-only "$tmp/tu.c" \
      > "$tmp/ast.json" 2> "$tmp/err"; then
    fail "$h does not compile on its own: $(head -1 "$tmp/err")"
    continue
  fi
  # "kind name" of each declaration written in this header.
  jq -r --arg tu "$tmp/tu.c" '
    def here: ((.loc.expansionLoc // .loc).includedFrom.file // "") == $tu;
    .inner[] | select(.isImplicit | not) | select(here) | select(.name != null) |
    "\(.kind) \(.name)"' "$tmp/ast.json" > "$tmp/decls"
  while read -r kind sym; do
    [[ $sym == soso_* ]] || { [[ $kind == FunctionDecl || $kind == VarDecl ]] &&
                              fail "$h declares $sym, which has no soso_ prefix"; continue; }
    fam=${sym#soso_}
    fam=${fam%%_*}
    case $kind in
      FunctionDecl | VarDecl)
        echo "$sym $h" >> "$tmp/all"
        [ "$fam" = "$name" ] || fail "$h declares $sym (family '$fam', not '$name')" ;;
      TypedefDecl)
        [ "$fam" = "$name" ] || echo "note: $h: type $sym (family '$fam')" >> "$tmp/notes" ;;
    esac
  done < "$tmp/decls"
  grep -qE "^#include \"soso/$h\"" "$inc/soso/soso.h" ||
    fail "soso.h does not include soso/$h"
done

# No third-party type or header in the public API (issue 10 item 5): the code of
# each header, comments removed, names none of the libraries libsoso uses.
third='\b(sqlite3\w*|_?cairo_\w+|json_t|OGR\w*|GDAL\w*|gsl_\w+|Pango\w*|pango_\w+|MHD_\w+|yaml_\w+|readstat_\w+|MPI_\w+|Sleef_\w+|PJ(_\w+)?|GEOS\w*|utf8proc_\w+)\b|#\s*include\s*<(sqlite3|cairo|jansson|gdal|ogr|gsl/|pango|microhttpd|yaml|readstat|mpi|sleef|proj|geos|utf8proc|nettle|gettext-po|png)'
for f in "$inc"/soso/*.h; do
  hits=$(perl -0777 -pe 's{/\*.*?\*/}{}gs; s{//[^\n]*}{}g' "$f" | grep -nP "$third")
  [ -z "$hits" ] || fail "$(basename "$f") names a third-party type or header: $(head -1 <<<"$hits")"
done

if [ -n "$lib" ]; then
  [ -f "$lib" ] || { echo "FAIL no library $lib"; exit 1; }
  nm -D --defined-only "$lib" | awk '$2 ~ /[TW]/ {print $3}' | sed 's/@.*//' | sort -u \
    > "$tmp/exported"
  while read -r sym; do
    n=$(awk -v s="$sym" '$1 == s' "$tmp/all" | wc -l)
    [ "$n" -eq 1 ] || fail "$sym is exported and declared in $n public headers"
  done < "$tmp/exported"
fi

nnotes=0
[ -f "$tmp/notes" ] && nnotes=$(sort -u "$tmp/notes" | wc -l)
if [ "$fails" -gt 0 ]; then
  echo "FAIL: $fails problem(s); scripts/rename-headers.sh renames to the rule"
  exit 1
fi
echo "ok: $(wc -l < "$tmp/all") functions in $(ls "$inc"/soso/*.h | wc -l) headers, each" \
     "of its header's family ($nnotes type names of another family noted, not checked)"
