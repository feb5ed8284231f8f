#!/usr/bin/env bash
# Format shift: non-blind text reports printed to PDF by Chromium, scored against the gold of
# the original (any drop is a PDF-reading defect). Writes OUT/<new id>-<name>-<style>.pdf and,
# with --gold, tests/eval/gold/<new id>-....json (a copy of the original's, "split": "shift").
#   tests/eval/sources/make-shifted.sh OUT [--gold]
# Styles (shift_html.py): a = Chromium's default header and footer, b = CSS @page boxes with a
# running header and "Pagina X van Y", c = narrow page, large justified hyphenated type, "- N -",
# d = four @page boxes (title, "Intern", department, "Pagina N") and list markers inside.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eval_dir=$(dirname "$here")
out=$(mkdir -p "$1" && cd "$1" && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}
python=${PYTHON:-python3}

# new id, original, style
while read -r id original style; do
  [ -z "$id" ] && continue
  src="$eval_dir/corpus/$original"
  name="${original%.*}"; name="${name#*-}"
  stem="$id-$name-$style"
  lang=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['language'])" \
    "$eval_dir/gold/${original%.*}.json")
  "$python" "$here/shift_html.py" "$src" "$style" "$lang" > "$out/$stem.html"
  flags=(--headless --no-sandbox --disable-gpu --no-first-run)
  [ "$style" = a ] || flags+=(--no-pdf-header-footer)
  "$chromium" "${flags[@]}" --print-to-pdf="$out/$stem.pdf" "file://$out/$stem.html" \
    >/dev/null 2>&1
  if [ "${2:-}" = --gold ]; then
    "$python" "$here/shift_gold.py" "$eval_dir/gold/${original%.*}.json" \
      "$eval_dir/gold/$stem.json" "$stem.pdf" "$original" "$style"
  fi
done <<'LIST'
r91 r01-lyon-wonen.txt a
r92 r03-gent-klimaat.md c
r93 r04-brussel-socialaffairs-en.txt b
r94 r10-venetie-biennale.txt a
r95 r16-antwerpen-walstroom.txt b
r96 r18-dublin-housingfirst-en.txt c
r97 r20-tallinn-dienstverlening.md a
r98 r25-lyon-mobiliteit.txt c
r99 r26-kopenhagen-warmte.txt b
r100 r27-linz-mediakunst.txt a
r101 r30-aberdeen-port.txt b
r102 r31-tallinn-digitaal.txt c
r103 r33-venetie-toerisme.md a
r104 r34-warsaw-partner-city.md b
r105 r49-leipzig-leegstand.txt c
r106 r59-aarhus-libraries-en.md a
r107 r81-kopenhagen-fietsparkeren.txt b
r108 r82-lisbon-housing-en.md c
r109 r86-venetie-biennale-2025.txt a
r110 r88-antwerpen-haven.md b
r111 r90-krakau-erfgoed.txt c
r112 r04-brussel-socialaffairs-en.txt d
r113 r33-venetie-toerisme.md d
r114 r81-kopenhagen-fietsparkeren.txt d
r115 r59-aarhus-libraries-en.md d
LIST
