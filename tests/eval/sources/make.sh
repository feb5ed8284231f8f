#!/usr/bin/env bash
# Rebuild the LibreOffice-made reports of r49-r64 into OUT (default build/eval-sources), to compare
# with or replace the files committed under tests/eval/corpus/ (CI has no LibreOffice).
#   tests/eval/sources/make.sh [OUT]        needs soffice (LibreOffice 7.x) and pdftotext (poppler)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:-build/eval-sources}" && cd "${1:-build/eval-sources}" && pwd)
python=${PYTHON:-$here/../../../.venv/bin/python}
cd "$out"
writer() { soffice --headless --infilter="HTML (StarWriter)" --convert-to "$2" "$here/$1" >/dev/null 2>&1; }
pdf_of() { writer "$1.html" odt && soffice --headless --convert-to pdf "$1.odt" >/dev/null 2>&1; }

for id in r52-ljubljana-groen r55-marseille-hitte r63-lille-design; do pdf_of "$id"; done
for id in r53-edinburgh-festivals-en r57-vilnius-govtech r64-nairobi-unhabitat-en; do
    writer "$id.html" 'docx:MS Word 2007 XML'
done
"$python" "$here/r56-goteborg-mobility-en.py" r56-goteborg-mobility-en.docx
soffice --headless --convert-to pdf r56-goteborg-mobility-en.docx >/dev/null 2>&1
# Text pulled out of a PDF as a coordinator pastes it: form feeds dropped, nothing else touched.
for id in r49-leipzig-leegstand r58-thessaloniki-mbo; do
    pdf_of "$id" && pdftotext -layout "$id.pdf" - | tr -d '\f' > "$id.txt"
done
for id in r50-porto-heritage-en r62-zurich-coops; do
    pdf_of "$id" && pdftotext "$id.pdf" - | tr -d '\f' > "$id.txt"
done
rm -f ./*.odt
ls "$out"
