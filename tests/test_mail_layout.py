"""The mails as people and their programs receive them: headers, wording in both languages,
the coordinator summary's sections, and the HTML in a real browser (Chromium) at phone and
desktop widths, light and dark."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from freezegun import freeze_time

from tests.browser import low_contrast, screenshot
from tracker.clock import now
from tracker.core import actions, owners
from tracker.core.orm import transaction
from tracker.mail import outbox

MONDAY = "2026-11-23 07:00:00"  # 08:00 in Amsterdam, week 2026-W48
WEEK = "2026-W48"
LONG_ADDRESS = "anna.de.vries-van-der-heijden.internationale.zaken@gemeente-denhaag.example.org"
LONG_WORD = "projecten/gebiedsontwikkelingsprogrammavanuitdeverkenningsopdracht"


@pytest.fixture
def office(app):
    """A person with a long address, a team by name shape, a team by [teams] (English), and one
    action for each section of the coordinator summary; ids in comments."""
    before = datetime(2026, 9, 1, 9, tzinfo=UTC)
    this_week = datetime(2026, 11, 23, 6, tzinfo=UTC)
    with transaction(app.sessions()) as s:
        anna = owners.add_owner(s, "Anna de Vries", LONG_ADDRESS)
        team = owners.add_owner(s, "Woonbeleid", "woonbeleid@example.org")
        resilience = owners.add_owner(s, "Ploeg Veerkracht", "resilience@example.org", "en")
        new = actions.NewAction
        actions.create_actions(s, [
            new("Escalated and unassigned", due=date(2026, 9, 1)),  # 1: 83 days overdue
            new(f"Escalated, Anna's: {LONG_WORD}", owner=anna, due=date(2026, 10, 1)),  # 2
            new("Overdue, Anna's", owner=anna, due=date(2026, 11, 10)),  # 3: 13 days
            new("Overdue, the team's", owner=team, due=date(2026, 11, 22)),  # 4: 1 day
            new("Overdue, nobody's", due=date(2026, 11, 15)),  # 5
            new("Later, Anna's", owner=anna, due=date(2026, 11, 24)),  # 6: tomorrow
        ], "t", before)
        actions.create_actions(s, [
            new("New but escalated", due=date(2026, 8, 1)),  # 7
            new("New and unassigned", due=date(2027, 1, 1)),  # 8
            new("New, the Resilience team's", owner=resilience, due=date(2026, 12, 24)),  # 9
            new("Done at once", owner=team, done_reason="al gedaan"),  # 10
        ], "t", this_week)
    return app


def sent_messages(app, config) -> dict[str, email.message.EmailMessage]:
    """One round through `config`'s transport; the messages by recipient, parsed back from the
    .eml files (for the SMTP transport, see the smtp_sink tests)."""
    with freeze_time(MONDAY):
        result = outbox.send_round(app.sessions(), config, WEEK, datetime.now(UTC).date(), now)
    assert result.failed == 0 and result.stopped is None
    messages = {}
    for path in Path(config.mail.outbox).glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        messages[message["To"].addresses[0].addr_spec] = message
    return messages


def bodies(message) -> tuple[str, str]:
    return (message.get_body(("plain",)).get_content(),
            message.get_body(("html",)).get_content())


# --- headers ---------------------------------------------------------------------------------

def test_headers_from_the_file_transport(office, config):
    mails = sent_messages(office, config)
    anna, resilience = mails[LONG_ADDRESS], mails["resilience@example.org"]
    summary = mails["coordinator@example.org"]
    for message in (anna, resilience, summary):
        assert message["Reply-To"] == "coordinator@example.org"  # the first coordinator
        assert message["List-Id"] == "<vervolgafspraken.example.org>"
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["X-Auto-Response-Suppress"] == "All"
        assert message["Subject"].startswith("[Vervolgafspraken] ")
    assert (anna["Content-Language"], resilience["Content-Language"],
            summary["Content-Language"]) == ("nl", "en", "nl")
    text, html = bodies(anna)
    assert "je antwoord" not in text
    assert "Antwoord op deze mail; het antwoord gaat naar coordinator@example.org." in text
    assert "het antwoord gaat naar coordinator@example.org." in html


def test_headers_over_smtp_with_a_reply_address_and_own_tag(office, smtp_config, smtp_sink):
    config = smtp_config.replace(mail=smtp_config.mail.replace(
        reply_to="vervolg@example.org", subject_tag="[Reizen]"), language="en")
    with freeze_time(MONDAY):
        outbox.send_round(office.sessions(), config, WEEK, datetime.now(UTC).date(), now)
    received = {m["To"].addresses[0].addr_spec: m for _, m in smtp_sink.messages}
    assert len(received) == 4
    for message in received.values():
        assert message["Reply-To"] == "vervolg@example.org"
        assert message["List-Id"] == "<vervolgafspraken.example.org>"
        assert message["X-Auto-Response-Suppress"] == "All"
        assert message["Subject"].startswith("[Reizen] ")
    assert received["coordinator@example.org"]["Content-Language"] == "en"
    assert "your reply goes to vervolg@example.org" in bodies(
        received["resilience@example.org"])[0]


def test_no_reply_address_no_invitation_and_no_tag(office, config):
    config = config.replace(coordinators=(), mail=config.mail.replace(subject_tag=""))
    mails = sent_messages(office, config)
    assert set(mails) == {LONG_ADDRESS, "woonbeleid@example.org", "resilience@example.org"}
    for message in mails.values():
        assert message["Reply-To"] is None
        assert not message["Subject"].startswith("[")
        text, html = bodies(message)
        for body in (text, html):
            assert "Antwoord op deze mail" not in body and "Reply to this mail" not in body
        assert "tracker close" in text  # the command line still says how


# --- wording -----------------------------------------------------------------------------------

def test_greetings_fit_people_and_teams(office, config):
    mails = sent_messages(office, config)
    text = {address: bodies(m)[0] for address, m in mails.items()}
    assert text[LONG_ADDRESS].startswith("Beste Anna de Vries,\n\nDit zijn je openstaande")
    # One word, no personal name shape: a team.
    assert text["woonbeleid@example.org"].startswith(
        "Beste collega's van Woonbeleid,\n\nDit zijn jullie openstaande")
    # [teams] names the address: a team, whatever its name looks like.
    assert text["resilience@example.org"].startswith("Dear colleagues at Ploeg Veerkracht,")


def test_dates_weeks_and_plurals_in_the_mails(office, config):
    mails = sent_messages(office, config)
    anna, team = bodies(mails[LONG_ADDRESS])[0], bodies(mails["woonbeleid@example.org"])[0]
    english = bodies(mails["resilience@example.org"])[0]
    assert "dienstreizen, week 48 (23–29 nov)." in anna
    assert "Deadline: di 10 nov 2026 (13 dagen verlopen)" in anna
    assert "Deadline: di 24 nov 2026 (over 1 dag)" in anna
    assert "Deadline: zo 22 nov 2026 (1 dag verlopen)" in team
    assert "from the trip reports, week 48 (23–29 Nov)." in english
    assert "Deadline: Thu, 24 Dec 2026 (in 31 days)" in english
    assert mails["woonbeleid@example.org"]["Subject"] == (
        "[Vervolgafspraken] 1 openstaande actie, 1 verlopen")
    assert mails["resilience@example.org"]["Subject"] == "[Vervolgafspraken] 1 open action"
    assert not re.search(r"\b1 (dagen|days)\b|\d{4}-\d{2}-\d{2}|2026-W48", anna + english)


# --- the coordinator summary -------------------------------------------------------------------

def sections(text: str) -> dict[str, list[int]]:
    """Action ids under each upper-case heading of the summary's text."""
    found: dict[str, list[int]] = {}
    heading = None
    for line in text.splitlines():
        if re.match(r"^[A-Z][A-Z :0-9]+\(\d+\)$", line):
            heading = line.rsplit(" (", 1)[0]
            found[heading] = []
        elif heading and (match := re.match(r"^  #(\d+) ", line)):
            found[heading].append(int(match.group(1)))
    return found


def test_each_action_once_in_its_most_urgent_section(office, config):
    text, html = bodies(sent_messages(office, config)["coordinator@example.org"])
    assert sections(text) == {
        "ESCALATIE: MEER DAN 28 DAGEN VERLOPEN": [7, 1, 2],  # most overdue first
        "VERLOPEN PER EIGENAAR": [5, 3, 4],  # nobody's first, then by owner
        "ZONDER EIGENAAR": [8],  # overdue unassigned ones are above
        "NIEUW DEZE WEEK": [9],  # 7 and 8 are new too, but shown above
        "AFGEROND DEZE WEEK": [10],
    }
    # The subject and the counts line count every open action, whatever its section.
    assert "9 open, 6 verlopen, 4 zonder eigenaar" in text
    for action_id in range(1, 11):  # 6 is open, owned, in time and old: in no section
        shown = re.findall(rf"<strong>{action_id}</strong>|#{action_id} \(", html)
        assert len(shown) == (action_id != 6), action_id


def test_overdue_by_owner_shows_each_actions_own_deadline(office, config):
    text, _ = bodies(sent_messages(office, config)["coordinator@example.org"])
    block = text.split("VERLOPEN PER EIGENAAR")[1].split("ZONDER EIGENAAR")[0]
    assert [line.strip() for line in block.strip().splitlines()][1:] == [
        "niemand (1)",
        "#5  Overdue, nobody's",
        "Deadline: zo 15 nov 2026 (8 dagen verlopen)",
        f"Anna de Vries <{LONG_ADDRESS}> (1)",
        "#3  Overdue, Anna's",
        "Deadline: di 10 nov 2026 (13 dagen verlopen)",
        "Woonbeleid <woonbeleid@example.org> (1)",
        "#4  Overdue, the team's",
        "Deadline: zo 22 nov 2026 (1 dag verlopen)",
    ]


# --- the HTML in a browser ---------------------------------------------------------------------

@pytest.mark.parametrize("width", [360, 1000])
def test_html_fits_reads_and_contrasts_in_chromium(office, config, page_at, width):
    mails = sent_messages(office, config)
    for name, address in [("digest", LONG_ADDRESS), ("summary", "coordinator@example.org")]:
        html = bodies(mails[address])[1]
        for dark in (False, True):
            page = page_at(width, html, dark=dark)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, (name, dark, scroll)
            assert low_contrast(page) == [], (name, dark)
            screenshot(page, f"{name}-{width}{'-dark' if dark else ''}")
        # Screen readers get tables with column headers; nothing is a layout table.
        assert page.locator("[role=presentation]").count() == 0
        tables = page.get_by_role("table")
        assert tables.count() == page.locator("table").count() >= 1
        for i in range(tables.count()):
            assert tables.nth(i).get_by_role("columnheader").count() >= 2
        assert page.get_by_role("columnheader", name="Deadline").count() >= 1
        assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == (
            "light dark")


def test_summary_table_header_scopes():
    from tracker.mail.render import environment

    source = Path(environment().loader.searchpath[0])
    for template in source.glob("*.html.j2"):
        text = template.read_text()
        assert 'role="presentation"' not in text
        assert all('scope="' in th for th in re.findall(r"<th\b[^>]*>", text)), template.name


# --- text from reports ---------------------------------------------------------------------------

def test_control_and_bidi_characters_never_reach_a_mail(app, config):
    with transaction(app.sessions()) as s:
        owner = owners.add_owner(s, "Eve \u202eliaM", "eve@example.org")
        actions.create_actions(s, [actions.NewAction(
            "Betaal \u202egnp.exe\u202c de \x1b[31mfactuur\x1b[0m\u2066 nu\u2069\x07",
            owner=owner, due=date(2026, 12, 1))], "t", datetime(2026, 11, 1, tzinfo=UTC))
    message = sent_messages(app, config)["eve@example.org"]
    text, html = bodies(message)
    for part in (text, html, str(message["To"]), message["Subject"]):
        assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f\x7f]", part)
    assert "Betaal gnp.exe de [31mfactuur[0m nu" in text
    assert str(message["To"]) == "Eve liaM <eve@example.org>"
