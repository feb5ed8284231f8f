"""Writes r71-manchester-dementia-en.docx with python-docx:
    python r71-manchester-dementia-en.py OUT.docx
An English report by a Dutch writer: 'Heading 1' headings with typed numbers, a real Word
numbered list (numbering definition of its own, decimal with a lettered second level), one item
struck through (a dropped plan, no agreement) and a 'For information' line."""
import sys

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

NUMBERING = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="31">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="357" w:hanging="357"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="363"/></w:pPr></w:lvl>
</w:abstractNum>"""


def list_numbering(document) -> int:
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    abstract = parse_xml(NUMBERING)
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="31"><w:abstractNumId w:val="31"/></w:num>'))
    return 31


def item(text, level=0, strike=False):
    paragraph = doc.add_paragraph(style="List Paragraph")
    run = paragraph.add_run(text)
    run.font.strike = strike
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


doc = Document()
doc.styles["Normal"].font.name = "Calibri"
doc.styles["Normal"].font.size = Pt(11)
num_id = list_numbering(doc)
doc.sections[0].header.paragraphs[0].text = "Municipality of The Hague – OCW, Care & Seniors"

title = doc.add_paragraph()
run = title.add_run("Report official trip abroad – Manchester, Age-friendly and "
                    "dementia-friendly city")
run.bold, run.font.size = True, Pt(14)

doc.add_heading("1. Number of persons", level=1)
doc.add_paragraph("Two persons: the policy officer Seniors and a researcher of the department "
                  "Research & Statistics.")
doc.add_heading("2. Duration of the trip", level=1)
doc.add_paragraph("Tuesday 20 until Thursday 22 October 2026.")
doc.add_heading("3. Goal of the trip", level=1)
doc.add_paragraph(
    "Manchester is since 2010 member of the WHO network of Age-friendly Cities and works with a "
    "city-wide programme to make the city better for people with dementia: shop staff and bus "
    "drivers get a training, libraries and swimming pools have quiet hours, and older residents "
    "sit in a board that advises the city. The Hague has about 9.000 residents with dementia and "
    "this number will grow fast. In the new policy 'Ouder worden in Den Haag' we want to make "
    "neighbourhoods dementia-friendly. The goal was to see what works in Manchester and how they "
    "measure this.")
doc.add_heading("4. Visited locations", level=1)
for place in ("Manchester Town Hall Extension (Age-friendly Manchester team)",
              "Central Library, during a dementia-friendly morning",
              "A leisure centre with dementia-friendly swimming sessions",
              "The Greater Manchester Ageing Hub (university)"):
    doc.add_paragraph(place, style="List Bullet")
doc.add_heading("5. Who did you meet? (position)", level=1)
doc.add_paragraph(
    "The programme lead Age-friendly Manchester, two members of the Older People's Board, the "
    "library manager, a swimming instructor who trains colleagues, and two researchers of the "
    "Ageing Hub.")
doc.add_heading("6. What did the trip deliver for the municipality?", level=1)
doc.add_paragraph(
    "We learned that the involvement of older people themselves is the key: the Older People's "
    "Board has a real budget and advises on all plans. Also the training of front-line staff is "
    "simple and cheap (one hour, online). The research approach of the Ageing Hub, with a yearly "
    "survey among residents above 65, can be compared with our own monitor.")
doc.add_paragraph(
    "During the lunch with the Greater Manchester Ageing Hub it was agreed that we send them our "
    "evaluation of the project Buurtgenoten (neighbours helping neighbours).")
doc.add_heading("7. Follow-up agreements", level=1)
doc.add_paragraph("Yes, see below:")
item("The policy officer Seniors drafts a proposal for dementia-friendly libraries and swimming "
     "pools, to be discussed in the steering group Age-friendly The Hague on 14 January 2027.")
item("Manchester sends us their training package for bus drivers and shop staff.")
item("Data and research:")
item("Our researcher of Research & Statistics shares the monitor 'Ouder worden in Den Haag' with "
     "the Ageing Hub by mid-November.", level=1)
item("Together we prepare a webinar for the Eurocities Social Affairs Forum in spring 2027.",
     level=1)
item("The alderman for Care was informed by e-mail about the outcomes of the visit.")
item("A visit of the Older People's Board of Manchester to The Hague in December", strike=True)
doc.add_paragraph("For information: Manchester hosts the international conference of the WHO "
                  "network for Age-friendly Cities next year.")

doc.save(sys.argv[1])
