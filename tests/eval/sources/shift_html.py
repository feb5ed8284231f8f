"""A text or Markdown report as HTML, the way a person would paste it into a page to print.

    python shift_html.py REPORT.txt|.md STYLE LANG > REPORT.html

Blocks are cut at blank lines. A line in capitals or starting with "#" is a heading; lines
starting with "-", "–", "*", "•", "o" or "1." are list items, nested by their indentation (a
continuation line without a marker goes on with the item); anything else is a paragraph.
**bold**, *italic* and [text](url) become their tags. STYLE picks the CSS (see make-shifted.sh):
  a  A4, no @page boxes: Chromium's default header and footer (date, title, URL, "1/3")
  b  A4 with @page margin boxes: "Gemeente Den Haag — Reisverslag" and "Pagina X van Y"
  c  a narrow page and large type, justified and hyphenated, "- N -" at the bottom
  d  A4, four @page boxes (title, "Intern", department, "Pagina N"), list markers inside
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

STYLES = {
    "a": """
body { font-family: 'DejaVu Serif', serif; font-size: 11pt; line-height: 1.35; }
""",
    "b": """
@page { size: A4; margin: 25mm 20mm;
  @top-left { content: "Gemeente Den Haag \\2014  Reisverslag"; font-size: 9pt; color: #555; }
  @bottom-right { content: "Pagina " counter(page) " van " counter(pages); font-size: 9pt; } }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10.5pt; line-height: 1.4; }
h1, h2 { color: #1a4f8b; }
ul { list-style-type: square; }
ul ul { list-style-type: circle; }
""",
    "c": """
@page { size: 110mm 160mm; margin: 14mm 12mm;
  @bottom-center { content: "- " counter(page) " -"; font-size: 9pt; } }
body { font-family: 'Liberation Serif', serif; font-size: 14pt; line-height: 1.3;
  text-align: justify; hyphens: auto; -webkit-hyphens: auto; }
h1 { font-size: 18pt; } h2 { font-size: 15pt; }
""",
    "d": """
@page { size: A4; margin: 22mm 18mm 25mm;
  @top-left { content: "Reisverslag"; font-size: 8pt; }
  @top-right { content: "Intern \2013  niet voor publicatie"; font-size: 8pt; }
  @bottom-left { content: "Gemeente Den Haag | Internationale Zaken"; font-size: 8pt; }
  @bottom-right { content: "Pagina " counter(page); font-size: 8pt; } }
body { font-family: 'Liberation Sans', sans-serif; font-size: 10pt; line-height: 1.5; }
h2 { font-size: 11pt; border-bottom: 1px solid #888; margin-top: 1.6em; }
ol, ul { list-style-position: inside; padding-left: 0.5em; }
li { margin-bottom: 0.4em; }
""",
}

_ITEM = re.compile(r"^(\s*)([-–*•o]|\d{1,2}[.)])\s+(.*)$")
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")


def join_wrapped(lines: list[str]) -> str:
    """Hard-wrapped lines as one: "parkeer-" + "strategie" is one word, "Noord-" + "Europese"
    and "Wächterhaus-" + "model" keep their hyphen."""
    text = ""
    for line in (line.strip() for line in lines):
        if re.search(r"(?:^|\s)[a-z]\w*-$", text) and line[:1].islower():
            text = text[:-1] + line
        elif re.search(r"\w-$", text):
            text += line
        else:
            text = f"{text} {line}" if text else line
    return text


def inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![*\w])\*([^*]+)\*(?!\*)", r"<em>\1</em>", text)
    return re.sub(r"\[([^\]]+)\]\(([^)]*)\)", r'<a href="\2">\1</a>', text)


def is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(line) < 120


def _family(marker: str) -> str:
    return "1" + marker[-1] if marker[0].isdigit() else "-"


def items_html(lines: list[str]) -> str:
    """Nested <ul>/<ol> from marker lines (with continuation lines) by indentation."""
    items: list[tuple[re.Match, list[str]]] = []
    family = _family(_ITEM.match(lines[0]).group(2))
    for line in lines:
        m = _ITEM.match(line)
        # A wrapped line of the item before; "20." in a "1)" list is a wrap too ("week\n20.").
        if not m or (_family(m.group(2)) != family and not m.group(1)):
            items[-1][1].append(line)
        else:
            items.append((m, [m.group(3)]))
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (indent, "ul"|"ol")
    for m, text in items:
        indent, tag = len(m.group(1).expandtabs(4)), "ol" if m.group(2)[0].isdigit() else "ul"
        while stack and stack[-1][0] > indent:
            out.append(f"</li></{stack.pop()[1]}>")
        if stack and stack[-1][0] == indent:
            out.append("</li>")
        else:
            out.append(f"<{tag}>")
            stack.append((indent, tag))
        out.append("<li>" + inline(join_wrapped(text)))
    while stack:
        out.append(f"</li></{stack.pop()[1]}>")
    return "\n".join(out)


def convert(text: str, style: str, lang: str, title: str) -> str:
    body: list[str] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        groups: list[tuple[str, list[str]]] = []  # heading, list or paragraph lines
        for line in (line for line in chunk.splitlines() if line.strip()):
            if re.fullmatch(r"\s*-\s*\d+\s*-\s*", line):  # a page number pasted with the text
                groups.append(("p", [line]))
            elif groups and groups[-1][0] == "h" and is_caps_heading(line.strip()) and \
                    not groups[-1][1][-1].endswith("?"):  # a heading wrapped over two lines
                groups[-1][1].append(line.strip())
            elif _HEADING.match(line.strip()) or is_caps_heading(line.strip()):
                groups.append(("h", [line.strip()]))
            elif groups and groups[-1][0] != "h":  # a wrapped line, or the list goes on
                kind = "ul" if _ITEM.match(line) else groups[-1][0]
                if kind == groups[-1][0]:
                    groups[-1][1].append(line)
                else:
                    groups.append((kind, [line]))
            else:
                groups.append(("ul" if _ITEM.match(line) else "p", [line]))
        for kind, lines in groups:
            heading = _HEADING.match(lines[0])
            if kind == "h" and heading:
                level = min(len(heading.group(1)), 3)
                body.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
            elif kind == "h":
                body.append(f"<h2>{inline(' '.join(lines))}</h2>")
            elif kind == "ul":
                body.append(items_html(lines))
            else:
                body.append("<p>" + inline(join_wrapped(lines)) + "</p>")
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{STYLES[style]}</style></head>\n"
            f"<body>\n" + "\n".join(body) + "\n</body></html>\n")


if __name__ == "__main__":
    path, style, lang = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    title = "Verslag dienstreis " + path.stem.split("-", 1)[1].replace("-", " ")
    sys.stdout.write(convert(path.read_text(encoding="utf-8"), style, lang, title))
