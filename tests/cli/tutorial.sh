#!/usr/bin/env bash
# tutorial.sh - the README's "Ten minutes with soso", run as a new user would: a
# fresh install into a temporary prefix (cmake --install, the step `make install`
# ends with, once with --prefix and once with DESTDIR), then every `$ ` command
# between <!-- tutorial:begin --> and <!-- tutorial:end --> run in order with the
# installed soso first on PATH, each output line the README shows checked.
# Also: the installed man pages, bash completion and soso.pc (a program built
# against the installed library).
# usage: tutorial.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
# Rules of the README block: "    $ CMD" runs CMD (bash, so globs work); the
# indented lines after it must each appear in its output (stdout and stderr, runs
# of blanks compared as one blank); "    ..." lines are skipped; "    [exit N]" is
# the expected exit status (default 0). "..." inside a line matches anything.
set -u
soso_built=$1 src=$2 shared=$3
build=$(cd "$(dirname "$soso_built")" && pwd)
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
if [ ! -d "$shared/data/deposits" ]; then
  echo "SKIP: $shared/data/deposits is missing (the tutorial imports it)"
  exit 77
fi
tmp=$(mktemp -d "$build/tutorial.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# 1. install: into a prefix, and staged under DESTDIR
cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 \
  || { fail "cmake --install --prefix"; cat "$tmp/install.log"; exit 1; }
DESTDIR="$tmp/stage" cmake --install "$build" --prefix /usr >"$tmp/stage.log" 2>&1 \
  || fail "DESTDIR install"
for f in bin/soso lib/libsoso.a include/soso/deposits.h include/soso/data.h \
  share/soso/impacts/rules.yaml share/soso/VERSION share/man/man1/soso.1 \
  share/man/man1/soso-screen.1 share/bash-completion/completions/soso; do
  [ -e "$tmp/prefix/$f" ] || fail "install: $f missing"
  [ -e "$tmp/stage/usr/$f" ] || fail "DESTDIR install: usr/$f missing"
done
pc=$(ls "$tmp"/prefix/lib*/pkgconfig/soso.pc "$tmp"/prefix/lib/*/pkgconfig/soso.pc 2>/dev/null | head -1)
[ -n "$pc" ] || fail "install: soso.pc missing"
# the staged binary finds its data beside itself, not in the build tree
"$tmp/stage/usr/bin/soso" --version | grep -q "data       $tmp/stage/usr/share/soso " \
  || fail "staged soso does not find its own data: $("$tmp/stage/usr/bin/soso" --version | sed -n 2p)"
# ... and its message catalogs and web app there too (a package has no build tree)
v=$("$tmp/stage/usr/bin/soso" --version)
grep -q "^catalogs   $tmp/stage/usr/share/soso/locale\$" <<<"$v" \
  || fail "staged soso does not find its installed catalogs: $(grep catalogs <<<"$v")"
grep -q "^web app    $tmp/stage/usr/share/soso/web (catalogs $tmp/stage/usr/share/soso/po/web)\$" <<<"$v" \
  || fail "staged soso does not find its installed web app: $(grep 'web app' <<<"$v")"
for f in share/soso/web/index.html share/soso/locale/bs/LC_MESSAGES/soso.mo; do
  [ -e "$tmp/stage/usr/$f" ] || fail "DESTDIR install: usr/$f missing"
done
ls "$tmp"/stage/usr/share/soso/po/web/*.po >/dev/null 2>&1 || fail "DESTDIR install: web catalogs missing"
grep -q '^\.TH SOSO-SCREEN' "$tmp/prefix/share/man/man1/soso-screen.1" || fail "man page soso-screen.1"
grep -q 'min\\-grade' "$tmp/prefix/share/man/man1/soso-screen.1" || fail "man page lacks options"

# a program built against the installed library through soso.pc
if [ -n "$pc" ] && command -v cc >/dev/null; then
  cat >"$tmp/hello.c" <<'C'
#include <soso/suggest.h>
#include <stdio.h>
int main(void) {
  const char *cmds[] = {"screen", "districts", NULL};
  puts(soso_suggest("scren", cmds, 0));
  return 0;
}
C
  flags=$(PKG_CONFIG_PATH=$(dirname "$pc") pkg-config --cflags --libs soso 2>&1) \
    || fail "pkg-config soso: $flags"
  # a sanitizer build's library needs the sanitizer runtime in the program too
  grep -q '^SOSO_SANITIZE:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null \
    && flags="$flags -fsanitize=address,undefined"
  # shellcheck disable=SC2086
  cc -o "$tmp/hello" "$tmp/hello.c" $flags 2>"$tmp/cc.err" || { fail "build against soso.pc"; head -5 "$tmp/cc.err"; }
  [ -x "$tmp/hello" ] && [ "$("$tmp/hello")" = screen ] || fail "program linked with libsoso"
fi

# bash completion: commands, options from --help, file kinds
comp=$(PATH="$tmp/prefix/bin:$PATH" bash -c '
  source "$1"
  COMP_WORDS=(soso scr); COMP_CWORD=1; _soso; echo "${COMPREPLY[*]}"
  COMP_WORDS=(soso screen --min-g); COMP_CWORD=2; _soso; echo "${COMPREPLY[*]}"
  COMP_WORDS=(soso region --strategy optimized --for); COMP_CWORD=4; _soso; echo "${COMPREPLY[*]}"
' _ "$tmp/prefix/share/bash-completion/completions/soso" 2>&1)
[ "$(sed -n 1p <<<"$comp")" = screen ] || fail "completion of 'soso scr': $comp"
[ "$(sed -n 2p <<<"$comp")" = --min-grade ] || fail "completion of 'soso screen --min-g': $comp"
[ "$(sed -n 3p <<<"$comp")" = --format ] || fail "completion of 'soso region ... --for': $comp"

# 2. the tutorial, from a fresh folder laid out like a clone beside ../shared
mkdir -p "$tmp/work/soso"
ln -s "$(cd "$shared" && pwd)" "$tmp/work/shared"
ln -s "$src/examples" "$tmp/work/soso/examples"
cd "$tmp/work/soso" || exit 1
export PATH="$tmp/prefix/bin:$PATH"
unset SOSO_DB SOSO_DATA_DIR
[ "$(command -v soso)" = "$tmp/prefix/bin/soso" ] || fail "installed soso not first on PATH"

steps=0
run_step() { # $1 command, $2 file of expected lines, $3 expected status
  steps=$((steps + 1))
  bash -c "$1" >"$tmp/out" 2>&1
  local got=$?
  [ "$got" = "$3" ] || { fail "'$1': exit $got, want $3"; sed 's/^/  | /' "$tmp/out" | tail -5; }
  tr -s ' ' <"$tmp/out" >"$tmp/out.squeezed"
  while IFS= read -r want; do
    [ -z "$want" ] && continue
    local pat
    pat=$(printf '%s' "$want" | tr -s ' ' | sed 's/[][\.*^$/]/\\&/g; s/\\\.\\\.\\\./.*/g')
    grep -q -- "$pat" "$tmp/out.squeezed" || fail "'$1': output lacks: $want"
  done <"$2"
}

cmd="" status=0
: >"$tmp/want"
while IFS= read -r line; do
  case $line in
    '    $ '*)
      [ -n "$cmd" ] && run_step "$cmd" "$tmp/want" "$status"
      cmd=${line#    \$ }
      status=0
      : >"$tmp/want" ;;
    '    ...') ;;
    '    [exit '*)
      status=${line#    \[exit }
      status=${status%]} ;;
    '    '*) [ -n "$cmd" ] && printf '%s\n' "${line#    }" >>"$tmp/want" ;;
    *) [ -n "$cmd" ] && run_step "$cmd" "$tmp/want" "$status"
       cmd="" status=0
       : >"$tmp/want" ;;
  esac
done < <(sed -n '/<!-- tutorial:begin -->/,/<!-- tutorial:end -->/p' "$src/README.md")
[ -n "$cmd" ] && run_step "$cmd" "$tmp/want" "$status"
[ "$steps" -ge 10 ] || fail "only $steps tutorial commands found in README.md"
[ -s import.log ] && grep -q '^flagged: ' import.log || fail "--log FILE did not list the flagged rows"

[ "$fails" = 0 ] && echo "tutorial ok: $steps commands"
exit $((fails > 0))
