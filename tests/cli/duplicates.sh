#!/bin/bash
# duplicates.sh - the same deposit from two public sources counts once: the USGS
# VMS table for Europe and the long inventory (which repeats it as umn/mrdata_vms)
# imported together; screen and districts collapse same-name records within 1 km
# by default, --keep-duplicates keeps them.
# usage: duplicates.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
shared=$3
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export SOSO_DB="$tmp/dup.db"
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
d="$shared/data/deposits"
# Real data is needed throughout: SKIP (exit 77, CTest's SKIP_RETURN_CODE) without it.
[ -d "$d" ] || { echo "SKIP: $d is missing (../shared/data)"; exit 77; }

"$soso" --quiet deposits import "$d/deposits_usgs_vms_europe.csv" >/dev/null || fail "import VMS"
"$soso" --quiet deposits import --skip-bad "$d/inventory_long_world.csv" >/dev/null 2>&1 \
  || fail "import inventory"
"$soso" screen --country NO --format json >"$tmp/s.json" || fail "screen"
"$soso" screen --country NO --keep-duplicates --format json >"$tmp/k.json" || fail "screen --keep-duplicates"
"$soso" districts --country NO --format json >"$tmp/d.json" || fail "districts"
"$soso" districts --country NO --keep-duplicates --format json >"$tmp/dk.json" \
  || fail "districts --keep-duplicates"
"$soso" screen --country NO --format csv >"$tmp/s.csv" || fail "screen csv"

python3 - "$tmp" <<'PY' || fails=$((fails + 1))
import json, sys, os
t = sys.argv[1]
s = json.load(open(os.path.join(t, "s.json")))
k = json.load(open(os.path.join(t, "k.json")))
# Mannfjell (USGS VMS record 1273) is stored twice; it is listed once, the VMS
# table's record kept (it comes first at equal information), the other in also.
mk = [o for o in k if o["name"] == "Mannfjell"]
ms = [o for o in s if o["name"] == "Mannfjell"]
assert len(mk) == 2, [o["id"] for o in mk]
assert len(ms) == 1, [o["id"] for o in ms]
assert ms[0]["id"] == "deposits_usgs_vms_europe:1273", ms[0]["id"]
assert ms[0]["also"] == ["inventory_long_world:umn/mrdata_vms/1273"], ms[0].get("also")
# Every record of the kept set is either listed or named in an also.
listed = {o["id"] for o in s} | {a for o in s for a in o.get("also", [])}
assert listed == {o["id"] for o in k}, len(listed ^ {o["id"] for o in k})
assert len(s) < len(k)
# No district is one deposit twice: with the default, no district has two members
# of one name; with --keep-duplicates such fake districts exist (the bug fixed).
def twins(ds):
    return [o for o in ds if len(set(n.lower() for n in o["names"])) < len(o["names"])]
d = json.load(open(os.path.join(t, "d.json")))
dk = json.load(open(os.path.join(t, "dk.json")))
assert not twins(d), [o["names"] for o in twins(d)][:3]
assert twins(dk), "expected same-name pairs without deduplication"
print("duplicates ok:", len(k), "->", len(s), "deposits;", len(dk), "->", len(d), "districts")
PY
head -1 "$tmp/s.csv" | grep -q ',eq,also$' || fail "CSV header lacks the also column"
grep -q '^deposits_usgs_vms_europe:1273,.*,inventory_long_world:umn/mrdata_vms/1273$' "$tmp/s.csv" \
  || fail "CSV row of Mannfjell lacks its also"
"$soso" screen --keep-duplicates=yes >/dev/null 2>&1
[ $? = 2 ] || fail "--keep-duplicates takes no value"
echo "$fails failed"
[ "$fails" = 0 ]
