#!/bin/bash
# exports.sh LIBSOSO.so - the shared library exports the public API and nothing else:
# every defined dynamic symbol starts with soso_ (not soso__, the internal prefix),
# and the stage entry points are among them.
set -u
lib=$1
[ -f "$lib" ] || { echo "FAIL no library $lib"; exit 1; }
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /[TDBRVW]/ {print $3}' | sed 's/@.*//')
n=$(printf '%s\n' "$syms" | grep -c .)
bad=$(printf '%s\n' "$syms" | grep -v '^soso_' ; printf '%s\n' "$syms" | grep '^soso__')
if [ -n "$bad" ]; then
  echo "FAIL exported symbols without the soso_ prefix (or internal soso__):"
  printf '%s\n' "$bad" | head -20
  exit 1
fi
for f in soso_value_solve soso_ops_simulate soso_impacts_run soso_region_analyse \
         soso_report_region soso_store_open soso_deposits_screen_run; do
  printf '%s\n' "$syms" | grep -qx "$f" || { echo "FAIL $f is not exported"; exit 1; }
done
echo "ok: $n symbols, all soso_*"
