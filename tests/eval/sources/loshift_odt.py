"""Give a Writer document (.odt, from HTML) a header and footer the way a person sets a page
style: a running title at the top, a page number at the bottom, on every page.

    python loshift_odt.py DOC.odt STYLE

STYLE (see make-loshift.sh): p = "Gemeente Den Haag - Reisverslag" and "Pagina X van Y",
q = the title and date at the top, a bare page number at the bottom right, r = no header,
"Pagina N" at the bottom. Edits styles.xml's master pages in place.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

NUMBER = '<text:page-number text:select-page="current">1</text:page-number>'
COUNT = "<text:page-count>1</text:page-count>"
STYLES = {
    "p": ("Gemeente Den Haag \u2014 Reisverslag", f"Pagina {NUMBER} van {COUNT}"),
    "q": ("Verslag dienstreis\t\t12 november 2026", NUMBER),
    "r": ("", f"Pagina {NUMBER}"),
}


def paragraph(text: str) -> str:
    return "<text:p>" + text.replace("\t", "<text:tab/>") + "</text:p>"


def main(path: Path, style: str) -> None:
    header, footer = STYLES[style]
    parts = ""
    if header:
        parts += f"<style:header>{paragraph(header)}</style:header>"
    parts += f"<style:footer>{paragraph(footer)}</style:footer>"
    with zipfile.ZipFile(path) as z:
        files = {info: z.read(info) for info in z.infolist()}
    with zipfile.ZipFile(path, "w") as z:
        for info, data in files.items():
            if info.filename == "styles.xml":
                text = data.decode("utf-8")
                text = re.sub(r'(<style:master-page [^>]*?)/>', r"\1>" + parts +
                              "</style:master-page>", text)
                # A header and footer need room: a page layout's header-style/footer-style.
                room = ('<style:header-footer-properties fo:min-height="0.4in" '
                        'fo:margin-bottom="0.15in" fo:margin-top="0.15in"/>')
                text = re.sub(r"<style:header-style/>", f"<style:header-style>{room}"
                              "</style:header-style>", text)
                text = re.sub(r"<style:footer-style/>", f"<style:footer-style>{room}"
                              "</style:footer-style>", text)
                data = text.encode("utf-8")
            compress = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            z.writestr(info, data, compress_type=compress)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
