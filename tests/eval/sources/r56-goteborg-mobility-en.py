"""Writes r56-goteborg-mobility-en.docx with python-docx; LibreOffice then prints it to PDF:
    python r56-goteborg-mobility-en.py OUT.docx && soffice --headless --convert-to pdf OUT.docx
Bold-line headings, a header, a 'Page N of M' footer, 'List Bullet' lists, and a continuous
two-column section in the middle of the page (locations and persons)."""
import sys

from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt


def field(paragraph, instr):
    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instr}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def columns(section, number):
    cols = section._sectPr.find(qn("w:cols"))
    if cols is None:
        cols = parse_xml(f'<w:cols {nsdecls("w")}/>')
        section._sectPr.append(cols)
    cols.set(qn("w:num"), str(number))
    cols.set(qn("w:space"), "567")


doc = Document()
doc.styles["Normal"].font.name = "Calibri"
doc.styles["Normal"].font.size = Pt(10.5)
first = doc.sections[0]
first.header.paragraphs[0].text = "City of The Hague – Mobility Department"
footer = first.footer.paragraphs[0]
footer.add_run("Page ")
field(footer, "PAGE")
footer.add_run(" of ")
field(footer, "NUMPAGES")


def heading(text):
    doc.add_paragraph().add_run(text).bold = True


def para(text):
    doc.add_paragraph(text)


def bullets(items):
    for item in items:
        doc.add_paragraph(item, style="List Bullet")


title = doc.add_paragraph()
run = title.add_run("REPORT ON AN OFFICIAL TRIP ABROAD – GOTHENBURG")
run.bold, run.font.size = True, Pt(15)
heading("HOW MANY PEOPLE MADE THE TRIP?")
para("Two: the programme manager Zero-Emission Logistics and a procurement advisor.")
heading("HOW LONG WAS THE TRIP?")
para("Wednesday 3 to Friday 5 June 2026.")
heading("WHAT WAS THE PURPOSE OF THE TRIP?")
para("Gothenburg runs the Green City Zone, a district in which all transport is to be "
     "emission-free "
     "by 2030, tested together with Volvo, the port and logistics companies. The Hague introduces "
     "a "
     "zero-emission zone for city logistics and wanted to learn how Gothenburg involves companies, "
     "how it procures electric vehicles together with other Swedish municipalities, and how the "
     "port "
     "offers shore power to ships. The visit was part of the exchange programme of the Eurocities "
     "Mobility Forum.")

# Two columns for the locations and the persons, as the template's middle part often is.
doc.add_section(WD_SECTION.CONTINUOUS)
columns(doc.sections[-1], 2)
heading("WHICH LOCATIONS WERE VISITED?")
bullets(["Gothenburg City Hall (Stadshuset)",
         "The Green City Zone test area in Lindholmen",
         "A consolidation centre for zero-emission deliveries",
         "The shore power installations in the Port of Gothenburg"])
heading("WHO DID YOU MEET? (DESCRIBE THEIR ROLE)")
para("The director of the city's Urban Transport Administration, the project manager of the Green "
     "City Zone, the head of procurement of the Swedish joint procurement agency for "
     "municipalities, "
     "the environmental manager of the Port of Gothenburg, and colleagues from Oslo and Aarhus.")
para("It was agreed that the Hague mobility team joins Gothenburg's online expert group on city "
     "logistics, which meets every second Tuesday of the month.")

doc.add_section(WD_SECTION.CONTINUOUS)
columns(doc.sections[-1], 1)
heading("WHAT DID THE TRIP YIELD FOR THE MUNICIPALITY?")
para("A clear view of what makes a zero-emission zone work beyond the rules: Gothenburg lets "
     "companies test vehicles and delivery models in the zone before the rules apply, and measures "
     "the results openly. The joint procurement of electric vans by Swedish municipalities gives "
     "small municipalities prices they could never get alone; a Dutch equivalent does not exist "
     "yet. "
     "The port showed that shore power pays off only when the tariffs are simple and the same in "
     "neighbouring ports.")
heading("ARE THERE ANY FOLLOW-UP AGREEMENTS? IF SO, WHICH?")
para("Yes:")
bullets(["The Mobility team prepares a memo on Gothenburg's zero-emission zone pilot for the "
         "alderman for Mobility, to be ready within four weeks.",
         "Gothenburg has sent us the evaluation report of the Green City Zone pilot.",
         "The Hague and Gothenburg will co-organise a webinar on zero-emission logistics for the "
         "Eurocities Mobility Forum in the autumn.",
         "Procurement: check whether the Swedish joint procurement of electric vans can be opened "
         "to Dutch cities, and let Gothenburg know by 1 September 2026.",
         "A joint Horizon Europe application was discussed, but nothing has been agreed."])
para("Finally, the Port of Gothenburg will send its shore power tariffs to the Port of "
     "Scheveningen, "
     "and our harbour master will visit Gothenburg in October 2026 to see the installations in "
     "use.")
doc.save(sys.argv[1])
