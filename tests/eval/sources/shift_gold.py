"""The gold of a format-shifted report: the original's labels, its own file name, split "shift"
and a note naming the original and how it was printed (make-shifted.sh, make-loshift.sh).

    python shift_gold.py ORIGINAL_GOLD TARGET_GOLD FILE ORIGINAL STYLE
"""

import json
import sys

_CHROMIUM = ("Format shift of {original} (same gold): made by shift_html.py style {style},"
             " printed by ")
_WRITER = "LibreOffice format shift of {original} (same gold): "
HOW = {
    "a": _CHROMIUM + "Chromium's default header and footer (date, title, file URL, N/M).",
    "b": _CHROMIUM + "Chromium with CSS @page boxes (running header, 'Pagina X van Y').",
    "c": _CHROMIUM + "Chromium on a narrow page, large justified hyphenated type, '- N -'.",
    "d": _CHROMIUM + "Chromium with four CSS @page boxes ('Pagina N'), list markers inside.",
    "w": _WRITER + "python-docx .docx (build.py) exported to PDF by LibreOffice Writer"
                   " (make-loshift.sh style {style}).",
    "p": _WRITER + "HTML opened in LibreOffice Writer, running header and 'Pagina X van Y'"
                   " (make-loshift.sh style {style}).",
    "q": _WRITER + "HTML opened in LibreOffice Writer, title and date header, bare page number"
                   " (make-loshift.sh style {style}).",
    "r": _WRITER + "HTML opened in LibreOffice Writer, footer 'Pagina N'"
                   " (make-loshift.sh style {style}).",
}


def main() -> None:
    source, target, file, original, style = sys.argv[1:]
    with open(source, encoding="utf-8") as f:
        gold = json.load(f)
    gold.update(file=file, split="shift",
                notes=HOW[style].format(original=original, style=style)
                + " Any miss the original has not is a PDF-reading defect. Original notes: "
                + gold.get("notes", ""))
    with open(target, "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
