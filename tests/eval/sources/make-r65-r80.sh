#!/usr/bin/env bash
# Rebuild the reports r65-r80 (a second blind set, written by a third hand) into OUT (default
# build/eval-sources-r65), to compare with or replace the files committed under tests/eval/corpus/.
#   tests/eval/sources/make-r65-r80.sh [OUT]
# Needs chromium, soffice (LibreOffice 7.x), pdftotext (poppler) and python-docx (the .venv).
# r69, r74 (.md) and r76 (.txt, typed) have no source: they are committed as written.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mkdir -p "${1:-build/eval-sources-r65}" && cd "${1:-build/eval-sources-r65}" && pwd)
python=${PYTHON:-$here/../../../.venv/bin/python}
cd "$out"
# What a browser's "print to PDF" makes; CSS @page boxes give the headers and footers.
chrome_pdf() {
    chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$out/$1.pdf" "file://$here/$1.html" >/dev/null 2>&1
}
writer() { soffice --headless --infilter="HTML (StarWriter)" --convert-to "$2" "$here/$1" >/dev/null 2>&1; }
office_pdf() { writer "$1.html" odt && soffice --headless --convert-to pdf "$1.odt" >/dev/null 2>&1; }
# Text pulled out of a PDF as a coordinator pastes it: form feeds and trailing blanks dropped.
pasted() { tr -d '\f' | sed -e 's/[[:space:]]*$//' | cat -s; }

for id in r65-glasgow-cost-of-living-en r72-dortmund-arbeidsmigranten r73-espoo-algorithms-en \
          r77-praag-toegankelijkheid; do
    chrome_pdf "$id"
done
for id in r66-rennes-afval r78-riga-oekraiense-leerlingen r79-kaunas-cybersecurity-en; do
    office_pdf "$id"
done
for id in r68-stockholm-erfpacht r75-turijn-sociale-inkoop; do
    writer "$id.html" 'docx:MS Word 2007 XML'
done
for id in r67-freiburg-houtbouw r71-manchester-dementia-en; do
    "$python" "$here/$id.py" "$id.docx"
done
office_pdf r70-tartu-energiearmoede
pdftotext r70-tartu-energiearmoede.pdf - | pasted > r70-tartu-energiearmoede.txt
rm r70-tartu-energiearmoede.pdf
chrome_pdf r80-bratislava-markthallen
pdftotext -layout r80-bratislava-markthallen.pdf - | pasted > r80-bratislava-markthallen.txt
rm r80-bratislava-markthallen.pdf
rm -f ./*.odt
ls "$out"
