"""Writes r67-freiburg-houtbouw.docx with python-docx:
    python r67-freiburg-houtbouw.py OUT.docx
The template laid out as a two-column table (question | answer), as many departments keep it in
Word. The follow-up cell holds a real Word numbered list (a numbering definition of its own:
1. at level 0, a. at level 1) and a 'Ter info' line; a page header and a 'Pagina X van Y' footer."""
import sys

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

NUMBERING = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="77">
  <w:multiLevelType w:val="hybridMultilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
</w:abstractNum>"""


def add_numbering(document) -> int:
    numbering = document.part.numbering_part.element
    abstract = parse_xml(NUMBERING)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # abstractNum elements must come before the num elements
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>')
    numbering.append(num)
    return 77


def numbered(cell, text, level, num_id):
    paragraph = cell.add_paragraph(text, style="List Paragraph")
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                          f'<w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def field(paragraph, instr):
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instr}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def answer(cell, *paragraphs):
    cell.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


doc = Document()
doc.styles["Normal"].font.name = "Arial"
doc.styles["Normal"].font.size = Pt(10)
section = doc.sections[0]
section.left_margin = section.right_margin = Cm(2)
section.header.paragraphs[0].text = "Gemeente Den Haag – DSO, programma Houtbouw"
footer = section.footer.paragraphs[0]
footer.add_run("Pagina ")
field(footer, "PAGE")
footer.add_run(" van ")
field(footer, "NUMPAGES")
num_id = add_numbering(doc)

doc.add_paragraph("Verslag buitenlandse dienstreis", style="Title")
doc.add_paragraph("Freiburg im Breisgau – houtbouw en biobased bouwen")

rows = [
    "HOEVEEL PERSONEN HEBBEN DE REIS GEMAAKT",
    "HOELANG DUURDE DE REIS?",
    "WAT WAS HET DOEL VAN DE REIS?",
    "WELKE LOCATIES ZIJN BEZOCHT?",
    "WIE HEB JE ONTMOET? (BENOEM DE FUNCTIEOMSCHRIJVING)",
    "WAT HEEFT DE REIS DE GEMEENTE OPGELEVERD?",
    "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?",
]
table = doc.add_table(rows=len(rows), cols=2)
table.style = "Table Grid"
table.alignment = WD_TABLE_ALIGNMENT.CENTER
for row, question in zip(table.rows, rows, strict=True):
    row.cells[0].width, row.cells[1].width = Cm(5), Cm(12)
    row.cells[0].paragraphs[0].add_run(question).bold = True
cells = [row.cells[1] for row in table.rows]

answer(cells[0],
       "Vijf: de programmamanager Houtbouw, twee projectleiders woningbouw, een inkoopadviseur "
       "en een adviseur bouwtoezicht.")
answer(cells[1],
       "Van woensdag 10 juni t/m vrijdag 12 juni 2026.")
answer(cells[2],
       "Den Haag wil dat een groot deel van de nieuwbouw tot 2030 in hout of andere biobased "
       "materialen wordt gebouwd. Freiburg bouwt de nieuwe wijk Dietenbach (ruim 6.000 "
       "woningen) en stelt daar eisen aan de CO2-opslag in bouwmaterialen. We wilden leren hoe "
       "Freiburg dit in de gronduitgifte en de vergunningverlening regelt, en hoe zij omgaan "
       "met brandveiligheid bij hogere houten gebouwen.",
       "De reis werd georganiseerd samen met twee Haagse woningcorporaties, die op eigen "
       "kosten meereisden.")
answer(cells[3],
       "Het stadhuis van Freiburg (Stadtplanungsamt en Baurechtsamt), de bouwplaats van de "
       "eerste fase van Dietenbach, twee houten woongebouwen van zes en tien lagen in de wijk "
       "Vauban en een fabriek voor prefab houten gevelelementen in de regio.")
answer(cells[4],
       "De burgemeester voor bouwen (Baubürgermeister), de stadsbouwmeester, het hoofd van het "
       "Baurechtsamt, twee brandweeradviseurs, projectontwikkelaars en de directeur van de "
       "prefabfabriek.")
answer(cells[5],
       "Vooral veel kennis over brandveiligheid: de Duitse regels voor houtbouw boven 13 meter "
       "zijn strenger dan de onze, maar Freiburg heeft met de brandweer een werkwijze "
       "ontwikkeld die ook voor Den Haag bruikbaar is. Daarnaast inzicht in hoe een "
       "puntensysteem voor CO2-opslag meeweegt bij de verkoop van bouwgrond.",
       "Met de stadsbouwmeester van Freiburg is afgesproken om elkaars ontwerpteams jaarlijks "
       "te laten uitwisselen; het eerste bezoek van Freiburg aan Den Haag is gepland in maart "
       "2027.")

follow_up = cells[6]
follow_up.paragraphs[0].text = "Ja:"
numbered(follow_up, "Het programmateam Houtbouw stelt samen met het Baurechtsamt van Freiburg een "
         "kennisdocument op over brandveiligheid in houten woongebouwen hoger dan 20 meter. Een "
         "eerste versie volgt in het najaar.", 0, num_id)
numbered(follow_up, "Inkoop en gronduitgifte:", 0, num_id)
numbered(follow_up, "De inkoopadviseur stuurt de Haagse uitvraag ‘Biobased bouwen’ naar de "
         "collega’s in Freiburg, uiterlijk 3 juli.", 1, num_id)
numbered(follow_up, "Freiburg deelt het puntensysteem waarmee CO2-opslag meeweegt bij de "
         "gronduitgifte in Dietenbach.", 1, num_id)
numbered(follow_up, "Een werkbezoek van de wethouder Wonen aan Dietenbach wordt voorbereid "
         "voor 9 en 10 november.", 0, num_id)
numbered(follow_up, "De presentaties van beide dagen zijn na afloop aan alle deelnemers "
         "toegestuurd.", 0, num_id)
follow_up.add_paragraph("Ter info: Freiburg organiseert in 2027 het internationale Holzbau-Forum; "
                        "wie wil gaan kan zich melden bij het programmateam.")

doc.save(sys.argv[1])
