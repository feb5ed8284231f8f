#!/usr/bin/env bash
# LibreOffice shift: non-blind dev reports printed to PDF by LibreOffice Writer, scored against
# the gold of the original (any drop is a PDF-reading defect, as for make-shifted.sh). Writes
# OUT/<new id>-<name>-<style>.pdf and, with --gold, tests/eval/gold/<new id>-....json.
#   tests/eval/sources/make-loshift.sh OUT [--gold]          needs soffice (LibreOffice 7.x)
# Styles: w = the python-docx .docx of build.py (its own header and footer, if any) exported by
# `soffice --convert-to pdf`; p, q, r = a text report made HTML by shift_html.py (style a's
# CSS, which Writer ignores but for the fonts), opened in Writer, given a page style by
# loshift_odt.py (p: running header, "Pagina X van Y"; q: title and date with tabs, bare page
# number; r: footer "Pagina N") and exported to PDF. Lists get Writer's OpenSymbol bullets.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
eval_dir=$(dirname "$here")
out=$(mkdir -p "$1" && cd "$1" && pwd)
python=${PYTHON:-$here/../../../.venv/bin/python}
"$python" "$eval_dir/build.py" "$out/built" >/dev/null
cd "$out"

# new id, original (the file as scored), style
while read -r id original style; do
  [ -z "$id" ] && continue
  base="${original%.*}"; name="${base#*-}"
  stem="$id-$name-$style"
  if [ "$style" = w ]; then
    cp "built/$original" "$stem.docx"
    soffice --headless --convert-to pdf "$stem.docx" >/dev/null 2>&1
    rm -f "$stem.docx"
  else
    lang=$("$python" -c "import json,sys; print(json.load(open(sys.argv[1]))['language'])" \
      "$eval_dir/gold/$base.json")
    "$python" "$here/shift_html.py" "$eval_dir/corpus/$original" a "$lang" > "$stem.html"
    soffice --headless --infilter="HTML (StarWriter)" --convert-to odt "$stem.html" \
      >/dev/null 2>&1
    "$python" "$here/loshift_odt.py" "$stem.odt" "$style"
    soffice --headless --convert-to pdf "$stem.odt" >/dev/null 2>&1
    rm -f "$stem.html" "$stem.odt"
  fi
  if [ "${2:-}" = --gold ]; then
    "$python" "$here/shift_gold.py" "$eval_dir/gold/$base.json" "$eval_dir/gold/$stem.json" \
      "$stem.pdf" "$original" "$style"
  fi
done <<'LIST'
r116 r05-helsinki-smartcity.docx w
r117 r07-wenen-hostcities-en.docx w
r118 r21-parijs-oecd-en.docx w
r119 r36-hamburg-waterstof.docx w
r120 r40-malmo-integration.docx w
r121 r83-wenen-klimaatadaptatie.docx w
r122 r85-dublin-homelessness-en.docx w
r123 r01-lyon-wonen.txt p
r124 r04-brussel-socialaffairs-en.txt q
r125 r16-antwerpen-walstroom.txt r
r126 r26-kopenhagen-warmte.txt p
r127 r30-aberdeen-port.txt q
r128 r33-venetie-toerisme.md r
r129 r81-kopenhagen-fietsparkeren.txt p
r130 r88-antwerpen-haven.md q
LIST
rm -rf built
