"""Golden tests: what the five real reports must yield, written out."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS_DIR
from tracker.errors import InvalidInput
from tracker.reports.extract import extract
from tracker.reports.parse import parse_report
from tracker.reports.read import read_report

TODAY = date(2026, 11, 23)


def seed(prefix: str):
    path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    report = parse_report(read_report(path), path.name, TODAY)
    return report, extract(report, 42, TODAY)


def summary(agreements):
    return [(a.line, a.source, a.status, a.due_date, a.due_source, a.owner_hint, a.text[:60])
            for a in agreements]


def test_seed_000_placemaking_trencin():
    report, agreements = seed("000")
    assert (report.title, report.trip_start, report.trip_end, report.persons) == (
        "Placemaking Europe, Trenčin", date(2024, 6, 18), date(2024, 6, 21), 3)
    assert summary(agreements) == [
        # "gestart in maart 2023" lies before the trip: no deadline, so the default applies.
        (46, "followup", "open", date(2024, 8, 2), "default", None,
         "Als deelnemende stad aan het 2 jarige leerprogramma (gestart"),
        (47, "followup", "open", date(2024, 12, 1), "event", None,
         "De volgende bijeenkomst van Placemaking Europe vindt plaats "),
        (48, "followup", "open", date(2024, 9, 24), "event", None,
         "Placemaking week in Rotterdam van 24 tot 27 september. Om De"),
        (49, "followup", "open", date(2024, 8, 2), "default", None,
         "De opgedane kennis meenemen in de verkenning hoe we ruimte k"),
    ]


def test_seed_001_helsingborg_missing_first_page():
    report, agreements = seed("001")
    assert (report.title, report.trip_start, report.trip_end, report.persons, report.year) == (
        "H22 Expo, Helsingborg", date(2022, 6, 14), date(2022, 6, 17), None, 2022)
    assert "persons" not in report.sections  # the first page is missing
    default = date(2022, 7, 29)
    assert summary(agreements) == [
        (117, "followup", "open", default, "default", None,
         "Met de director of Placemaking X wordt er bekeken of het mog"),
        (122, "followup", "open", default, "default", None,
         "Met de universiteit Stavanger wordt een Europese call van BA"),
        (125, "followup", "open", default, "default", None,
         "Aan de ontwikkelingen rondom veerkrachtige stedelijke ontwik"),
        (128, "followup", "open", default, "default", None,
         "De vice-mayor van de stad Pontevedra en Placemaking Europe h"),
        (131, "followup", "open", default, "default", None,
         "De gemeente Helsingborg wil aan de slag met een project welk"),
        (134, "followup", "open", default, "default", "Resilience team",
         "De steden Pontevedra en Budapest nemen contact op met het Re"),
        (97, "elsewhere", "open", default, "default", None,
         "Over de implementatie in Den Haag van bepaalde werkvormen vo"),
    ]
    # Hard wraps are joined into one sentence.
    assert agreements[0].text.endswith("andere internationale en Europese steden.")
    assert "afgesproken om via Teams contact op te zoeken" in agreements[-1].text


def test_seed_002_barcelona_presentation_already_done():
    report, agreements = seed("002")
    assert (report.title, report.trip_start, report.persons) == (
        "International Social Housing Festival, Barcelona", None, 2)
    assert report.warnings == ("no trip dates found in 'HOELANG DUURDE DE REIS?'",)
    default = date(2027, 1, 4)  # no trip dates: counted from today
    assert summary(agreements) == [
        (41, "followup", "done", default, "default", None,
         "Er is een korte presentatie gehouden voor de afdeling wonen "),
        (43, "followup", "open", default, "default", None,
         "Er wordt ism de corporaties die mee waren (Haag Wonen en Sta"),
    ]
    assert "Er is een korte presentatie gehouden" in agreements[0].done_reason


def test_seed_003_brussels_link_artifact_removed():
    report, agreements = seed("003")
    assert (report.title, report.persons) == ("Brussels Urban Summit 2023", 5)
    assert [a.text for a in agreements] == [
        "Frequenter overleg tussen de G4 steden over Europese zaken",
        "Er is afgesproken met het hoofd van Eurocities dat hij bij een volgend bezoek in"
        " Nederland hij ook Den Haag bezoekt.",
    ]
    assert [a.line for a in agreements] == [42, 43]


def test_seed_004_one_paragraph_is_one_agreement():
    report, agreements = seed("004")
    assert (report.title, report.persons) == ("Brussels Urban Summit 2023", 1)
    assert len(agreements) == 1
    assert agreements[0].line == 39
    assert agreements[0].text.startswith("Er is afgesproken om na deze eerste kennismaking")
    assert agreements[0].text.endswith("Hiervoor worden verdere ambtelijke verkenningen"
                                       " voorbereid.")
    # It is in the follow-up section, so it is not counted a second time as found elsewhere.
    assert agreements[0].source == "followup"


REPORT = """VERSLAG BUITENLANDSE DIENSTREIS
HOELANG DUURDE DE REIS?
Van 3 t/m 5 oktober 2025
{heading}
{body}
"""


def agreements_of(body: str, heading: str = "ZIJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?"):
    report = parse_report(REPORT.format(heading=heading, body=body), "t.txt", TODAY)
    return extract(report, 42, TODAY)


@pytest.mark.parametrize("body", ["Nee", "Geen.", "n.v.t.", "N.v.t", "nee, er zijn geen"
                                  " vervolgafspraken", "Ja:", "-"])
def test_no_agreements(body):
    assert agreements_of(body) == []


@pytest.mark.parametrize("body, texts", [
    ("1. Eerste afspraak\n2. Tweede afspraak", ["Eerste afspraak", "Tweede afspraak"]),
    ("1) Eerste\n2) Tweede", ["Eerste", "Tweede"]),
    ("a. Eerste\nb. Tweede", ["Eerste", "Tweede"]),
    ("- Eerste\n- Tweede\n- Derde", ["Eerste", "Tweede", "Derde"]),
    ("• Eerste\n• Tweede", ["Eerste", "Tweede"]),
    ("* Eerste\n* Tweede", ["Eerste", "Tweede"]),
    ("Ja:\n\nEerste alinea\nloopt door.\n\nTweede alinea.", ["Eerste alinea loopt door.",
                                                             "Tweede alinea."]),
    ("Ja: we sturen de presentatie.", ["we sturen de presentatie."]),
    ("- Een afspraak over samen-\n  werking met Gent", ["Een afspraak over samenwerking met Gent"]),
    ("- Het Noord-\n  Zuid project", ["Het Noord-Zuid project"]),
    ("De volgende afspraken:\n- Eerste\n- Tweede", ["Eerste", "Tweede"]),
    ("- [Bezoek aan Gent](#)\nhttps://example.org/x\n3", ["Bezoek aan Gent"]),
])
def test_item_shapes(body, texts):
    assert [a.text for a in agreements_of(body)] == texts


@pytest.mark.parametrize("heading", [
    "zijn er vervolgafspraken? zo ja, welke?",
    "Zijn er vervolgafspraken",
    "6. Zijn er vervolgafspraken? Zo ja, welke?",
    "ZIJN ER VERVOLGAFSPRAKEN?",
    "Zijn er vervolgafspraken? Zo ja welke",
    "ZIJN ER\nVERVOLGAFSPRAKEN? ZO JA, WELKE?",
    "ZÍJN ER VERVOLGAFSPRAKEN? ZO JA, WELKE?",
])
def test_heading_variants(heading):
    assert [a.text for a in agreements_of("- Eerste", heading)] == ["Eerste"]


def test_heading_with_inline_answer():
    assert agreements_of("", "6. Zijn er vervolgafspraken? Nee") == []
    found = agreements_of("", "Zijn er vervolgafspraken? Zo ja, welke? Terugkoppeling in mei 2026")
    assert [(a.text, a.due_date) for a in found] == [("Terugkoppeling in mei 2026",
                                                      date(2026, 5, 31))]


@pytest.mark.parametrize("text, due, source", [
    ("Verslag sturen binnen zes weken", date(2025, 11, 16), "relative"),
    ("Bijeenkomst van 1-4 december in Gent", date(2025, 12, 1), "event"),
    ("Rapport uiterlijk 15 maart", date(2026, 3, 15), "explicit"),  # after the trip: next year
    ("Evaluatie in Q1 2026", date(2026, 3, 31), "explicit"),
    ("Een vervolgbezoek", date(2025, 11, 16), "default"),
])
def test_deadlines(text, due, source):
    (agreement,) = agreements_of(f"- {text}")
    assert (agreement.due_date, agreement.due_source) == (due, source)


def test_year_missing_everywhere_leaves_deadline_open():
    text = "ZIJN ER VERVOLGAFSPRAKEN?\n- Bijeenkomst van 1-4 december in Gent\n"
    report = parse_report(text, "t.txt", TODAY)
    (agreement,) = extract(report, 42, TODAY)
    assert agreement.due_date is None and agreement.due_source is None
    assert agreement.warnings == ("date 'van 1-4 december' has no year and nothing in the report"
                                  " decides it; deadline left open",)


def test_done_and_hint_detection():
    found = agreements_of("- Er is een verslag verstuurd naar de raad\n"
                          "- Er wordt een verslag verstuurd\n"
                          "- Het Resilience team neemt contact op met Gent\n"
                          "- Afdeling Economie organiseert een sessie")
    assert [(a.status, a.owner_hint) for a in found] == [
        ("done", None), ("open", None), ("open", "Resilience team"),
        ("open", "Afdeling Economie")]


def test_agreement_sentences_elsewhere_in_any_case():
    text = ("WAT HEEFT DE REIS DE GEMEENTE OPGELEVERD?\nAfgesproken is dat Gent een voorstel"
            " stuurt. Verder niets.\nZIJN ER VERVOLGAFSPRAKEN?\nNee\n")
    (agreement,) = extract(parse_report(text, "t.txt", TODAY), 42, TODAY)
    assert (agreement.source, agreement.line, agreement.text) == (
        "elsewhere", 2, "Afgesproken is dat Gent een voorstel stuurt.")


def test_not_a_report():
    with pytest.raises(InvalidInput, match="shopping.txt: not a trip report"):
        parse_report("Melk\nEieren\nBrood\n", "shopping.txt", TODAY)


SEED_TEXTS = [read_report(p) for p in sorted(SEEDS_DIR.glob("*.txt"))]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_only_raises_our_errors(text):
    try:
        report = parse_report(text, "fuzz.txt", TODAY)
    except InvalidInput:
        return
    extract(report, 42, TODAY)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(SEED_TEXTS), st.integers(0, 5000), st.integers(0, 200),
       st.text(max_size=40))
def test_mutated_seeds_only_raise_our_errors(text, at, cut, insert):
    at = at % (len(text) + 1)
    mutated = text[:at] + insert + text[at + cut:]
    try:
        report = parse_report(mutated, "mutated.txt", TODAY)
    except InvalidInput:
        return
    for agreement in extract(report, 42, TODAY):
        assert agreement.text.strip()
        assert agreement.line >= 1


@pytest.mark.parametrize("body, texts", [
    # a category line with sub-items: the sub-items are the agreements
    ("- Samenwerking met Lyon:\n  o Het team Wonen stuurt de presentatie naar Lyon.\n"
     "  o De adviseur verkent een Urbact-aanvraag.\n- Het verslag gaat naar de raad.",
     ["Het team Wonen stuurt de presentatie naar Lyon.", "De adviseur verkent een"
      " Urbact-aanvraag.", "Het verslag gaat naar de raad."]),
    ("1. Kennisdeling\n   a. We delen de evaluatie met Gent.\n   b. Gent stuurt zijn protocol.",
     ["We delen de evaluatie met Gent.", "Gent stuurt zijn protocol."]),
    # one paragraph, two agreements; a supporting sentence stays with its agreement
    ("De afdeling Economie neemt contact op met de Kamer van Koophandel van Lyon. Dit vanwege"
     " hun ervaring met starters. Daarnaast stuurt de adviseur de raad een brief.",
     ["De afdeling Economie neemt contact op met de Kamer van Koophandel van Lyon. Dit vanwege"
      " hun ervaring met starters.", "Daarnaast stuurt de adviseur de raad een brief."]),
    ("Er is afgesproken om vaker bijeen te komen. Op die manier kunnen kennis en ervaring"
     " worden gedeeld. Hiervoor worden verkenningen voorbereid.",
     ["Er is afgesproken om vaker bijeen te komen. Op die manier kunnen kennis en ervaring"
      " worden gedeeld. Hiervoor worden verkenningen voorbereid."]),
    ("The policy officer sends the figures to Bonn. Bonn will host a webinar in May.",
     ["The policy officer sends the figures to Bonn.", "Bonn will host a webinar in May."]),
    # lead-ins and negations are no agreements
    ("Ja, zie de bijgevoegde lijst:\n- We sturen het verslag.", ["We sturen het verslag."]),
    ("Ja, de volgende:\n\nWe sturen het verslag.", ["We sturen het verslag."]),
    ("Yes, the following:\n- We send the report.", ["We send the report."]),
    ("- We sturen het verslag.\n- Over de financiering zijn nog geen toezeggingen gedaan.",
     ["We sturen het verslag."]),
    ("- We sturen het verslag.\n- Daarover is nog niets toegezegd.\n"
     "- De datum moet nog worden afgestemd.", ["We sturen het verslag."]),
    ("- We send the report.\n- Nothing was agreed on funding.", ["We send the report."]),
    ("Nee. Het bezoek had een formeel karakter.", []),
    ("No follow-up agreements were made.", []),
])
def test_agreement_shapes(body, texts):
    assert [a.text for a in agreements_of(body)] == texts


@pytest.mark.parametrize("text, done", [
    ("De presentatie is vorige week verstuurd naar de werkgroep.", True),
    ("De verslagen zijn inmiddels rondgestuurd.", True),
    ("Vorige week hebben we de contactgegevens doorgestuurd.", True),
    ("Het verslag van de commissie is door beide burgemeesters ondertekend.", True),
    ("Er werd een korte presentatie gegeven voor de afdeling.", True),
    ("The slides of our session were shared with all participants.", True),
    ("The presentation was forwarded to the alderman.", True),
    ("We have sent the minutes to Bonn.", True),
    ("Er wordt een bijeenkomst georganiseerd.", False),
    ("We sturen de presentatie na.", False),
    ("De adviseur zal de notitie versturen.", False),
    ("The Hague will host the working group in 2026.", False),
    ("A joint session at the forum is being explored.", False),
    ("De burgemeester van Lyon is uitgenodigd voor een bezoek aan Den Haag.", False),
    ("Het team Wonen heeft toegezegd de cijfers te delen.", False),
    ("De uitnodiging is verstuurd; over de datum volgt nog bericht.", False),
    ("Na de zomer bekijkt het team of een vervolgbezoek zinvol is.", False),
    ("In week 14 is er een vervolgoverleg met de havenmeester.", False),
])
def test_done_from_tense_and_aspect(text, done):
    (agreement,) = agreements_of(f"- {text}")
    assert (agreement.status == "done") is done, agreement.done_reason


@pytest.mark.parametrize("heading", [
    "ARE THERE ANY FOLLOW-UP AGREEMENTS? IF SO, WHICH?",
    "Follow-up agreements",
    "Follow-up:",
    "Vervolgafspraken",
    "## Vervolgafspraken",
    "**Vervolgafspraken**",
    "7. Vervolgafspraken",
    "Next steps",
])
def test_english_and_short_headings(heading):
    assert [a.text for a in agreements_of("- We sturen het verslag.", heading)] == [
        "We sturen het verslag."]


def test_a_bulleted_short_form_is_a_category_not_a_heading():
    found = agreements_of("- Data:\n  o We delen de cijfers met Dublin.\n"
                          "- Resultaten:\n  o Het team Wonen stuurt de evaluatie.")
    assert [a.text for a in found] == ["We delen de cijfers met Dublin.",
                                       "Het team Wonen stuurt de evaluatie."]


def test_vague_time_gives_no_deadline_and_a_warning():
    (agreement,) = agreements_of("- Na de zomer bekijken we een vervolgbezoek.")
    assert (agreement.due_date, agreement.due_source) == (None, None)
    assert agreement.warnings == ("vague time 'Na de zomer': no deadline set",)


def test_year_from_the_event_named_in_the_report():
    text = ("WAT WAS HET DOEL VAN DE REIS?\nBezoek aan de Biennale 2025 in Venetië.\n"
            "HOELANG DUURDE DE REIS?\nVan 12 t/m 14 mei.\nZIJN ER VERVOLGAFSPRAKEN?\n"
            "- We sturen uiterlijk 1 juli een notitie.\n")
    report = parse_report(text, "t.txt", TODAY)
    assert (report.trip_start, report.trip_end) == (date(2025, 5, 12), date(2025, 5, 14))
    (agreement,) = extract(report, 42, TODAY)
    assert agreement.due_date == date(2025, 7, 1)


def test_agreements_made_before_the_trip_are_not_recorded():
    text = ("WAT WAS HET DOEL VAN DE REIS?\nZoals eerder met de wethouder afgesproken, lag de"
            " nadruk op logistiek. Het college heeft in het coalitieakkoord afgesproken dat er"
            " een burgerberaad komt.\nZIJN ER VERVOLGAFSPRAKEN?\nNee\n")
    assert extract(parse_report(text, "t.txt", TODAY), 42, TODAY) == []


# --- round 2 of issue 10: remarks, closers, splitting ------------------------------------------

@pytest.mark.parametrize("remark", [
    "Ter info: de stalling wordt in 2027 uitgebreid.", "PM: kosten tegenbezoek.",
    "PM – afspraken over de kosten volgen nog.", "Opmerking: het netbeheermodel verschilt.",
    "Note: the programme is funded by the EU.", "FYI: figures are published yearly.",
    "Remark: Estonian law differs.",
    "Contactpersoon Kopenhagen: hoofd fietsbeleid, +45 33 66 00 00, fiets@kk.example.dk",
    "Contact in Oslo: head of maritime services, maritime@port.example.no.",
    "hoofd fietsbeleid, fiets@kk.example.dk"])
def test_remarks_and_contact_details_are_no_agreements(remark):
    assert agreements_of(f"- Team Wonen stuurt de notitie.\n- {remark}\n")[0].text == \
        "Team Wonen stuurt de notitie."
    assert len(agreements_of(f"- Team Wonen stuurt de notitie.\n- {remark}\n")) == 1


def test_a_contact_label_over_an_agreement_stays_one():
    (found,) = agreements_of("- Contact met Lyon: het team stuurt de data naar lyon@example.fr.\n")
    assert found.text.startswith("Contact met Lyon")


@pytest.mark.parametrize("closer", [
    "Verder geen.", "Dat was het.", "That was all.", "Nothing further.", "Zie ook punt 5.",
    "We agreed on the following.", "Afgesproken is het volgende:", "Funding remains open.",
    "Dat hangt af van de begroting.", "We did not commit to co-funding.",
    "Of we meedoen, is nog niet beslist."])
def test_closers_pointers_and_non_commitments_are_no_agreements(closer):
    found = agreements_of(f"- Team Wonen stuurt de notitie.\n- {closer}\n")
    assert [a.text for a in found] == ["Team Wonen stuurt de notitie."]


def test_a_paragraph_splits_at_a_new_actor_with_a_verb_of_doing():
    found = agreements_of(
        "Ja. Tijdens de slotbespreking is een aantal zaken afgesproken, die wij hieronder"
        " samenvatten. De coördinator stuurt ons de modelbrieven, uiterlijk 9 maart. Het team"
        " Participatie vertaalt die naar een Haags voorstel. Hiervoor worden ook de juristen"
        " betrokken. Ter info: Gent werkt met loting.\n")
    assert [a.text for a in found] == [
        "De coördinator stuurt ons de modelbrieven, uiterlijk 9 maart.",
        "Het team Participatie vertaalt die naar een Haags voorstel. Hiervoor worden ook de"
        " juristen betrokken."]


def test_a_list_item_splits_only_where_it_says_so():
    found = agreements_of(
        "- De adviseur verzamelt de cijfers. Daarnaast stelt het hoofd toerisme de tellingen"
        " beschikbaar.\n- Team Wonen stuurt de notitie. Het MT bespreekt die in mei.\n")
    assert [a.text for a in found] == [
        "De adviseur verzamelt de cijfers.",
        "Daarnaast stelt het hoofd toerisme de tellingen beschikbaar.",
        "Team Wonen stuurt de notitie. Het MT bespreekt die in mei."]
