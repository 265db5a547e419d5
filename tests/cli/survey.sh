#!/bin/bash
# survey.sh - `soso survey` end to end on the real binary: the SYNTHETIC Drina survey
# is generated, imported from its KoboToolbox CSVs, its LimeSurvey CSVs and an XLSX
# made from a Kobo CSV with ogr2ogr (the three must store the same answers), analysed
# (small groups suppressed, ids and names nowhere in the store, free text only on
# request and redacted), planned, summarised, and fed into `soso impacts --survey`,
# where it must move the sensitivity ratings; bad files change nothing.
# usage: survey.sh SOSO_BINARY SOURCE_DIR SHARED_DIR
set -u
soso=$1
src=$2
. "$(dirname "$0")/../lib/harness.sh"
export SOSO_DB="$tmp/none.db"

check help 0 "$soso" survey --help
grep -q -- "--codebook" "$tmp/out" || fail "help text"
check no-sub 2 "$soso" survey
check bad-sub 2 "$soso" survey frobnicate
check import-no-codebook 2 "$soso" survey import x.csv --community A --wave 1
check bad-format 2 "$soso" survey analyse --format xml
check bad-boot 2 "$soso" survey analyse --boot 5
check synth-no-out 2 "$soso" survey synth

# 1. the synthetic survey; the shipped codebook is what the generator writes
syn=$tmp/syn
mkdir -p "$syn"
check synth 0 "$soso" survey synth --out "$syn"
cmp -s "$syn/survey-codebook.yaml" "$src/examples/drina/survey/survey-codebook.yaml" \
  || fail "examples/drina/survey/survey-codebook.yaml differs from what synth writes"
grep -q "SYNTHETIC" "$syn/survey-codebook.yaml" || fail "codebook not labelled SYNTHETIC"

# 2. import every group from Kobo (db k) and from LimeSurvey (db l)
imp() { # imp DB LAYOUT
  for f in "$syn"/survey-*-w*."$2".csv; do
    b=$(basename "$f"); c=${b#survey-}; c=${c%%-w*}; w=${b#*-w}; w=${w%%.*}
    C="$(tr '[:lower:]' '[:upper:]' <<<"${c:0:1}")${c:1}"
    check "import-$2-$c-$w" 0 "$soso" --db "$1" survey import "$f" \
      --codebook "$syn/survey-codebook.yaml" --community "$C" --wave "$w"
  done
}
imp "$tmp/k.db" kobo
imp "$tmp/l.db" limesurvey
dump() { # dump DB [COMMUNITY WAVE]
  sqlite3 "$1" "SELECT w.community, w.wave, r.row, a.item, quote(a.value), r.weight
    FROM survey_answer a JOIN survey_respondent r ON r.id = a.respondent
    JOIN survey_wave w ON w.id = r.wave_id
    WHERE ('${2:-}' = '' OR w.community = '${2:-}') AND ('${3:-}' = '' OR w.wave = '${3:-}')
    ORDER BY 1, 2, 3, 4"
}
dump "$tmp/k.db" >"$tmp/k.txt"
dump "$tmp/l.db" >"$tmp/l.txt"
n_k=$(wc -l <"$tmp/k.txt")
[ "$n_k" -ge $((600 * 21)) ] || fail "only $n_k answers stored"
cmp -s "$tmp/k.txt" "$tmp/l.txt" || fail "Kobo and LimeSurvey imports store different answers"
echo "kobo-vs-limesurvey: $n_k answers compared, $(diff "$tmp/k.txt" "$tmp/l.txt" | grep -c '^[<>]') differ"

# 3. a KoboToolbox XLSX export (made from the CSV by ogr2ogr) stores the same answers
if command -v ogr2ogr >/dev/null; then
  # ogr2ogr only makes the fixture (soso is what is tested). It failed once in CI
  # under full parallel load with its message thrown away and never again in 40
  # runs here, so its stderr is now shown, and a failed conversion is retried once
  # from scratch before the test gives up; the soso import below is never retried.
  mkx() { rm -f "$tmp/olovo-w2.xlsx"
    ogr2ogr -f XLSX "$tmp/olovo-w2.xlsx" "$syn/survey-olovo-w2.kobo.csv" 2>"$tmp/ogr.err"; }
  mkx || { echo "ogr2ogr XLSX failed once: $(head -c 400 "$tmp/ogr.err")"; mkx; } \
    || { fail "ogr2ogr XLSX"; cat "$tmp/ogr.err"; }
  check import-xlsx 0 "$soso" --db "$tmp/x.db" survey import "$tmp/olovo-w2.xlsx" \
    --codebook "$syn/survey-codebook.yaml" --community Olovo --wave 2
  dump "$tmp/x.db" Olovo 2 >"$tmp/x.txt"
  dump "$tmp/k.db" Olovo 2 >"$tmp/k2.txt"
  cmp -s "$tmp/x.txt" "$tmp/k2.txt" || fail "XLSX and CSV imports store different answers"
  [ -s "$tmp/x.txt" ] || fail "XLSX import stored nothing"
  echo "kobo-xlsx-vs-csv: $(wc -l <"$tmp/x.txt") answers compared"
else
  fail "ogr2ogr missing (gdal-bin is in scripts/install-deps.sh)"
fi

# 4. privacy: no name, phone, device id or uuid reaches the store
for s in Petrovic Hodzic "+38761" "ee:0000" "9e3779b1-0001" "example.org"; do
  if grep -a -q -- "$s" "$tmp/k.db" "$tmp/l.db"; then fail "\"$s\" found in the store"; fi
done

# 5. analysis: suppression, synthetic label, seed, free text only on request
check analyse-md 0 "$soso" --db "$tmp/k.db" survey analyse --chart "$tmp/likert.png"
cp "$tmp/out" "$tmp/a.md"
grep -q "SYNTHETIC DATA" "$tmp/a.md" || fail "analysis not labelled SYNTHETIC"
grep -A2 "## Gorazde, wave 1" "$tmp/a.md" | grep -q "Suppressed: fewer than 5" \
  || fail "Gorazde (4 respondents) not suppressed"
grep -q "Gorazde w1" "$tmp/a.md" && fail "suppressed group appears in a comparison"
grep -q "seed 42" "$tmp/a.md" || fail "seed not printed"
grep -q "Free text" "$tmp/a.md" && fail "free text shown without --free-text"
[ -s "$tmp/likert.png" ] || fail "no Likert chart"
check analyse-json 0 "$soso" --db "$tmp/k.db" survey analyse --format json --free-text --seed 7
python3 - "$tmp/out" <<'PY' || fail "analysis JSON"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["synthetic"] is True and j["seed"] == 7
g = {(x["community"], x["wave"]): x for x in j["groups"]}
assert g[("Gorazde", "1")]["suppressed"] is True and "n" not in g[("Gorazde", "1")]
ok = g[("Olovo", "2")]
assert ok["n"] == 110 and set(ok["constructs"]) >= {"trust", "acceptance", "fears"}
c = ok["constructs"]["acceptance"]
assert c["lo"] < c["mean"] < c["hi"] and c["alpha_lo"] < c["alpha"] < c["alpha_hi"]
assert ok["social_licence"]["level"] in ("withdrawal", "acceptance", "approval",
                                         "psychological_identification")
pm = j["path_model"]
assert pm["seed"] == 7 and pm["n"] > 400
for k, v in pm["indirect_via_trust"].items():
    assert v["lo"] <= v["estimate"] <= v["hi"], k
texts = [t["text"] for t in j["free_text"]]
assert texts and all(t["community"] != "Gorazde" for t in j["free_text"])
assert any("[phone]" in t or "[e-mail]" in t or "[name]" in t for t in texts)
assert not any("+387" in t or "@example" in t for t in texts)
assert all(d["n"] in ("<5", "suppressed") or d["n"] >= 5 for d in j["demographics"])
blocks = {}
for d in j["demographics"]:
    blocks.setdefault((d["community"], d["wave"], d["field"]), []).append(d["n"])
assert all(sum(isinstance(n, str) for n in v) != 1 for v in blocks.values()), blocks
PY

# 6. a bad file: FILE:LINE error, exit 1, the store unchanged
sed '5s/Agree/Agre/' "$syn/survey-olovo-w2.kobo.csv" >"$tmp/bad.csv"
grep -q "Agre," "$tmp/bad.csv" || fail "could not make the bad file"
check bad-import 1 "$soso" --db "$tmp/k.db" survey import "$tmp/bad.csv" \
  --codebook "$syn/survey-codebook.yaml" --community Olovo --wave 2
grep -q "bad.csv:5: group_.*\"Agre\" is not a code 1-5" "$tmp/err" || { fail "bad-import message"; cat "$tmp/err"; }
dump "$tmp/k.db" >"$tmp/k_after.txt"
cmp -s "$tmp/k.txt" "$tmp/k_after.txt" || fail "a failed import changed the store"
printf 'scale: {min: 1, max: 5}\nitems:\n  - {name: a, construct: trusst}\n' >"$tmp/cb.yaml"
check bad-codebook 1 "$soso" --db "$tmp/k.db" survey import "$tmp/bad.csv" \
  --codebook "$tmp/cb.yaml" --community Olovo --wave 2
grep -q "cb.yaml:3: construct" "$tmp/err" || fail "bad-codebook message"

# 7. plan and residents
check plan 0 "$soso" --db "$tmp/k.db" survey plan --width 0.3
grep -q "| Olovo | trust |" "$tmp/out" || fail "plan rows"
grep -q "Gorazde | (pilot under 5" "$tmp/out" || fail "plan does not suppress Gorazde"
check plan-sd 0 "$soso" survey plan --sd 1 --width 0.2 --format json
python3 -c "import json,sys; j=json.load(open('$tmp/out')); assert j['plans'][0]['n_required']==385" \
  || fail "plan --sd 1 --width 0.2: n = (2 x 1.96 x 1 / 0.2)^2 = 384.1 -> 385"
check residents 0 "$soso" --db "$tmp/k.db" survey residents --community Srebrenica
grep -q "SYNTHETIC" "$tmp/out" || fail "residents text not labelled SYNTHETIC"
grep -q "Since wave 1 acceptance" "$tmp/out" || fail "residents text has no wave change"
check residents-tiny 0 "$soso" --db "$tmp/k.db" survey residents --community Gorazde
grep -q "fewer than 5 respondents and is not reported" "$tmp/out" || fail "residents tiny"

# 8. into the assessment: an Olovo variant with high capacity and low unemployment
# (so that the survey, not those, decides) - without and with the survey
ex=$src/examples/drina
sed -e 's/^government_capacity: .*/government_capacity: high/' \
    -e 's/^unemployment_rate: .*/unemployment_rate: 0.02/' \
    "$ex/olovo.community.yaml" >"$tmp/olovo-variant.community.yaml"
rate() { # rate OUT [--survey]
  "$soso" --db "$tmp/k.db" --quiet impacts "$ex/olovo.site.yaml" \
    --community "$tmp/olovo-variant.community.yaml" --format json $2 >"$1"
}
rate "$tmp/i0.json" "" || fail "impacts without survey"
rate "$tmp/i1.json" --survey || fail "impacts --survey"
python3 - "$tmp/i0.json" "$tmp/i1.json" <<'PY' || fail "survey does not move the ratings"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
da = {d["id"]: d for d in a["dimensions"]}
db = {d["id"]: d for d in b["dimensions"]}
for dim in ("local_governance", "uncertainty_fears_aspirations"):
    s0, s1 = da[dim]["sensitivity"], db[dim]["sensitivity"]
    print(f"{dim}: sensitivity {s0['level']} -> {s1['level']}; significance "
          f"{da[dim]['significance']['level']} -> {db[dim]['significance']['level']}")
    assert "residents said" in s1["reason"] and "SYNTHETIC survey of Olovo" in s1["reason"]
    assert "residents said" not in s0["reason"]
order = ["negligible", "low", "medium", "high"]
assert order.index(db["local_governance"]["sensitivity"]["level"]) > \
       order.index(da["local_governance"]["sensitivity"]["level"])
assert db["uncertainty_fears_aspirations"]["sensitivity"]["level"] == "high"
PY

finish
