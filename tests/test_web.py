"""The web page behind the mails' links (`tracker serve`), through Flask's test client on both
databases: every route and every refusal, the security promises of issue 13 (each test named
test_security_...), and the links in the mails. End to end in Chromium: test_web_browser.py."""

from __future__ import annotations

import base64
import json
import logging
import re
from datetime import date, timedelta

import pytest
from freezegun import freeze_time

from tracker.clock import now
from tracker.core import actions, owners
from tracker.core.models import Report
from tracker.core.orm import transaction
from tracker.web.app import create_app
from tracker.web.limiter import BadLinkLimiter
from tracker.web.links import LinkMaker

NOW = "2026-11-25 09:00:00"  # Wednesday 10:00 in Amsterdam, week 2026-W48
BASE = "http://tracker.test"
SECRET = "test-secret-" + "x" * 30
ANNA, BOB, COORDINATOR = "anna@example.org", "bob@example.org", "coordinator@example.org"
EVIL = "Kick-off <script>alert('x')</script> & \"quotes\" <img src=x onerror=alert(1)>"
TABLES = ("owners", "actions", "events", "due_proposals")


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW) as clock:
        yield clock


@pytest.fixture
def office(app):
    """Anna (nl) owns #1 (overdue, from a report), #2 (later) and #5 (hostile text); Bob (en)
    owns #3; #4 is nobody's."""
    with transaction(app.sessions()) as s:
        anna = owners.add_owner(s, "Anna de Vries", ANNA)
        bob = owners.add_owner(s, "Bob Smith", BOB, "en")
        report = Report(source_name="helsingborg.txt", sha256="a" * 64,
                        title="Placemaking <Europe> & co", ingested_at=now(),
                        raw_text="VERSLAG\nZIJN ER VERVOLGAFSPRAKEN?\n1. Contact Helsingborg\n")
        s.add(report)
        s.flush()
        new = actions.NewAction
        actions.create_actions(s, [
            new("Contact opnemen met Helsingborg over de bijeenkomst", owner=anna,
                due=date(2026, 11, 10), report_id=report.id, line=3),  # 1: 15 days overdue
            new("Verslag delen met de raad", owner=anna, due=date(2027, 1, 15)),  # 2
            new("Bob's own action", owner=bob, due=date(2026, 12, 1)),  # 3
            new("Nobody's action", due=date(2026, 12, 24)),  # 4
            new(EVIL, owner=anna, due=date(2026, 12, 20)),  # 5
        ], "coordinator", now())
    return app


@pytest.fixture
def web_config(config):
    return config.replace(web=config.web.replace(base_url=BASE))


@pytest.fixture
def limiter():
    return BadLinkLimiter(limit=10, window=60)


@pytest.fixture
def web(web_config, office, limiter):
    return create_app(web_config, secret=SECRET, limiter=limiter).test_client()


def maker(secret: str = SECRET, days: int = 28) -> LinkMaker:
    return LinkMaker(BASE, secret, now(), now() + timedelta(days=days))


def path(url: str) -> str:
    assert url.startswith(BASE + "/")
    return url[len(BASE):]


def link(action_id: int, purpose: str, owner_id: int = 1, email: str = ANNA, **kw) -> str:
    return path(maker(**kw).action(owner_id, email, action_id, purpose))


def mine(owner_id: int = 1, email: str = ANNA) -> str:
    return path(maker().mine(owner_id, email))


def overview(coordinator: str = COORDINATOR) -> str:
    return path(maker().overview(coordinator))


def fields(html: str, action: str = "/action") -> dict[str, str]:
    """The hidden fields of the page's first form that posts to `action`."""
    found = re.search(rf'<form method="post" action="{action}".*?</form>', html, re.S)
    assert found, f"no form for {action}"
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                           found.group(0)))


def submit(web, url: str, **values):
    page = web.get(url)
    assert page.status_code == 200, page.text
    return web.post("/action", data={**fields(page.text), **values})


def snapshot(sql) -> dict[str, list[tuple]]:
    return {table: sql(f"SELECT * FROM {table} ORDER BY id") for table in TABLES}


def events(sql, action_id: int) -> list[tuple]:
    return sql("SELECT kind, actor, old_value, new_value, note FROM events WHERE action_id = :a"
               " ORDER BY id", {"a": action_id})


# --- routes ---------------------------------------------------------------------------------

def test_healthz(web):
    answer = web.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}


def test_healthz_says_unavailable_when_the_database_is(config, caplog):
    broken = config.replace(database=config.database.replace(
        url="postgresql+psycopg://tracker@127.0.0.1:1/tracker"))
    client = create_app(broken, secret=SECRET).test_client()
    with caplog.at_level(logging.ERROR, "tracker.web"):
        answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json == {"status": "unavailable"}
    assert "cannot connect to the database" in caplog.text
    assert client.get(link(1, "close")).status_code == 503  # a page, not a traceback


@pytest.mark.parametrize(("purpose", "title", "field"), [
    ("close", "Actie #1 afronden", 'name="note"'),
    ("progress", "Voortgang melden bij #1", 'name="note"'),
    ("due", "Nieuwe deadline voorstellen voor #1", 'type="date"'),
    ("notmine", "Actie #1 is niet van mij", 'name="reason"'),
])
def test_an_action_link_shows_the_action_and_its_form(web, purpose, title, field):
    page = web.get(link(1, purpose))
    assert page.status_code == 200
    html = page.text
    assert f"<h1>{title}</h1>" in html and field in html
    assert "Contact opnemen met Helsingborg over de bijeenkomst" in html
    assert "di 10 nov 2026" in html and "15 dagen verlopen" in html  # the deadline
    assert "#1 Placemaking &lt;Europe&gt; &amp; co, regel 3" in html  # the report
    assert "<li value=\"3\" class=\"this\">1. Contact Helsingborg</li>" in html  # its line
    assert "aangemaakt" in html and "toegewezen: anna@example.org" in html  # the history
    assert 'name="csrf"' in html and 'method="post"' in html
    # The other three buttons, and all of Anna's actions.
    others = [label for key, label in (("close", "Afgerond"), ("progress", "Voortgang melden"),
                                       ("due", "Nieuwe deadline voorstellen"),
                                       ("notmine", "Niet van mij")) if key != purpose]
    assert all(f">{label}<span" in html for label in others)
    assert ">Al mijn acties</a>" in html


def test_an_english_owner_reads_english(web):
    html = web.get(link(3, "due", owner_id=2, email=BOB)).text
    assert '<html lang="en">' in html and "Propose a new deadline for #3" in html
    assert "Tue, 1 Dec 2026" in html and "in 6 days" in html


def test_done_closes_as_the_cli_does_with_the_owner_as_actor(web, cli, sql):
    answer = submit(web, link(1, "close"), note="Teams-overleg gehouden")
    assert answer.status_code == 200
    assert "Gelukt: #1 is afgerond. Dank je!" in answer.text
    assert 'name="csrf"' not in answer.text  # nothing left to do
    cli("close", "2", "--note", "Teams-overleg gehouden")
    web_event, cli_event = events(sql, 1)[-1], events(sql, 2)[-1]
    assert web_event == ("closed", ANNA, "open", "done", "via web: Teams-overleg gehouden")
    assert cli_event == ("closed", "tester", "open", "done", "Teams-overleg gehouden")
    shown = cli("show", "1").output
    assert "status    done on 2026-11-25 10:00" in shown
    assert re.search(r"anna@example\.org\s+closed\s+open -> done\s+\"via web: Teams", shown)


def test_done_without_a_note_says_via_web(web, sql):
    assert submit(web, link(2, "close")).status_code == 200
    assert events(sql, 2)[-1] == ("closed", ANNA, "open", "done", "via web")


def test_progress_is_a_note(web, sql):
    answer = submit(web, link(1, "progress"), note="deels voldaan: eerste overleg gehad")
    assert "Gelukt: je voortgang bij #1 is opgeslagen." in answer.text
    assert events(sql, 1)[-1] == ("noted", ANNA, None, None,
                                  "via web: deels voldaan: eerste overleg gehad")
    assert sql("SELECT status FROM actions WHERE id = 1") == [("open",)]
    submit(web, link(1, "progress"), note=" regel een\r\nregel twee ")  # lines stay lines
    assert events(sql, 1)[-1][4] == "via web: regel een\nregel twee"


@pytest.mark.parametrize(("purpose", "values", "said"), [
    ("progress", {"note": "   "}, "Vul dit veld in."),
    ("progress", {"note": "x" * 2001}, "Dat is te lang: hoogstens 2000 tekens."),
    ("notmine", {"reason": ""}, "Vul dit veld in."),
    ("due", {"due": ""}, "Geef een datum."),
    ("due", {"due": "2026-11-24"}, "Een nieuwe deadline ligt vandaag of later."),
    ("due", {"due": "2026-11-10"}, "Een nieuwe deadline ligt vandaag of later."),
    ("due", {"due": "2027-02-30"}, "is geen datum"),
    ("due", {"due": "na de zomer"}, "&#39;na de zomer&#39; is geen datum"),
])
def test_a_refused_value_writes_nothing_and_keeps_what_was_typed(web, sql, purpose, values,
                                                                 said):
    before = snapshot(sql)
    answer = submit(web, link(1, purpose), **values)
    assert answer.status_code == 400 and said in answer.text
    assert snapshot(sql) == before
    assert 'name="csrf"' in answer.text  # the form again
    if values.get("reason") or values.get("note", "").strip():
        assert (values.get("note") or values.get("reason"))[:50] in answer.text


def test_the_same_date_is_no_proposal(web, sql):
    before = snapshot(sql)
    answer = submit(web, link(2, "due"), due="2027-01-15")
    assert answer.status_code == 400 and "Dat is de deadline al." in answer.text
    assert snapshot(sql) == before


def test_a_proposed_deadline_waits_for_the_coordinator(web, cli, sql):
    answer = submit(web, link(1, "due"), due="1 maart 2027", reason="raad beslist in februari")
    assert "Gelukt: je voorstel (ma 1 mrt 2027) ligt bij de coördinator." in answer.text
    assert "Je voorstel voor een nieuwe deadline (ma 1 mrt 2027) wacht op de" in answer.text
    assert events(sql, 1)[-1] == ("due_proposed", ANNA, "2026-11-10", "2027-03-01",
                                  "via web: raad beslist in februari")
    assert sql("SELECT due_date FROM actions WHERE id = 1")[0][0] in ("2026-11-10",
                                                                      date(2026, 11, 10))
    listed = cli("open", "--proposals").output.splitlines()
    assert listed[1].split()[:2] == ["1", "2026-11-10"]
    assert listed[2] == ("       proposed 2027-03-01 by anna@example.org: via web: raad beslist"
                         " in februari")
    assert listed[3].startswith("1 open,")
    assert "  proposed  2027-03-01 by anna@example.org on 2026-11-25" in cli("show", "1").output
    # A second proposal replaces the first.
    submit(web, link(1, "due"), due="2027-02-01")
    assert sql("SELECT due_date, status FROM due_proposals ORDER BY id") in (
        [("2027-03-01", "replaced"), ("2027-02-01", "pending")],
        [(date(2027, 3, 1), "replaced"), (date(2027, 2, 1), "pending")])
    # The coordinator accepts it with `tracker due`, with its date.
    assert cli("due", "1", "2027-02-01").output == "#1 now due 2027-02-01 (originally 2026-11-10)\n"
    assert events(sql, 1)[-1] == ("due_changed", "tester", "2026-11-10", "2027-02-01",
                                  "as proposed by anna@example.org")
    assert sql("SELECT status, decided_by FROM due_proposals ORDER BY id DESC")[0] == (
        "accepted", "tester")
    assert cli("open", "--proposals").output == "No open actions.\n"


def test_accepting_one_proposal_among_several_actions_names_only_its_proposer(web, cli, sql):
    submit(web, link(1, "due"), due="2027-03-01")
    cli("due", "1", "2", "2027-03-01", "--note", "samen")
    assert [events(sql, n)[-1][4] for n in (1, 2)] == [
        "samen; as proposed by anna@example.org", "samen"]


def test_the_coordinator_refuses_a_proposal_with_tracker_due(web, cli, sql):
    submit(web, link(2, "due"), due="2027-06-30")
    assert cli("due", "2", "--refuse-proposal", "--note", "te laat").output == (
        "#2: the proposed deadline 2027-06-30 is refused\n")
    assert events(sql, 2)[-1] == ("proposal_refused", "tester", "2027-06-30", None, "te laat")
    assert sql("SELECT status FROM due_proposals") == [("refused",)]
    refused = cli("due", "2", "--refuse-proposal", ok=False)
    assert (refused.exit_code, refused.stderr) == (
        1, "Error: action #2 has no pending deadline proposal\n")
    # Another date than the proposed one replaces the proposal, it does not accept it.
    submit(web, link(2, "due"), due="2027-06-30")
    cli("due", "2", "2027-03-31")
    assert sql("SELECT status FROM due_proposals ORDER BY id") == [("refused",), ("replaced",)]
    assert events(sql, 2)[-1][4] is None


def test_not_mine_gives_the_action_back_with_the_reason(web, sql):
    answer = submit(web, link(1, "notmine"), reason="Hoort bij het team van Bob")
    assert answer.status_code == 200
    assert "Gelukt: #1 is teruggegeven aan de coördinator." in answer.text
    assert ">Voortgang melden<" not in answer.text  # no buttons: it is nobody's now
    assert events(sql, 1)[-1] == ("unassigned", ANNA, ANNA, None,
                                  "via web: Hoort bij het team van Bob")
    # The same link no longer opens anything: the action is not Anna's any more.
    again = web.get(link(1, "notmine"))
    assert again.status_code == 403 and "Deze link geldt niet meer" in again.text
    assert "Helsingborg" not in again.text


def test_the_owner_page_lists_their_open_actions_overdue_first(web):
    page = web.get(mine())
    assert page.status_code == 200
    html = page.text
    assert "<h1>Mijn acties</h1>" in html and "Anna de Vries" in html
    order = [html.index(f'id="item{n}"') for n in (1, 5, 2)]
    assert order == sorted(order)
    assert html.index(">Verlopen (1)<") < html.index('id="item1"') < html.index(
        ">Later (2)<")
    assert "Bob&#39;s own action" not in html and "Nobody" not in html
    assert html.count(">Afgerond<span") == html.count(">Niet van mij<span") == 3
    assert "werken tot wo 23 dec 2026" in html
    # Its buttons are links that work.
    close = re.search(r'href="(/action\?t=[^"]+)">Afgerond<span class="hidden"> \(#2\)', html)
    assert web.get(close.group(1)).status_code == 200


def test_the_owner_page_in_english_and_empty(web, app, cli):
    cli("close", "3")
    html = web.get(mine(2, BOB)).text
    assert "<h1>My actions</h1>" in html and "You have no open actions." in html


def test_the_coordinator_overview(web, sql):
    submit(web, link(2, "due"), due="2027-03-01", reason="na de verkiezingen")
    page = web.get(overview())
    assert page.status_code == 200
    html = page.text
    assert "5 open, 1 verlopen, 1 zonder eigenaar" in html
    assert ">Voorgestelde deadlines (1)<" in html and "na de verkiezingen" in html
    assert ">Zonder eigenaar (1)<" in html and "Nobody&#39;s action" in html
    assert '<option value="anna@example.org">Anna de Vries &lt;anna@example.org&gt;</option>' \
        in html
    assert re.search(r"Anna de Vries &lt;anna@example.org&gt;</td><td class=\"num\">3</td>"
                     r"<td class=\"num late\">1</td>", html)
    assert re.search(r"#1 Placemaking &lt;Europe&gt; &amp; co</td><td class=\"num\">1</td>",
                     html)


def test_the_coordinator_assigns_through_the_core_verb(web, cli, sql):
    page = web.get(overview()).text
    form = fields(page, "/overview/assign")
    assert form["action"] == "4"
    answer = web.post("/overview/assign", data={**form, "owner": BOB})
    assert answer.status_code == 200
    assert "#4 is toegewezen aan Bob Smith &lt;bob@example.org&gt;." in answer.text
    assert events(sql, 4)[-1] == ("assigned", COORDINATOR, None, BOB, "via web")
    assert "owner     Bob Smith <bob@example.org>" in cli("show", "4").output
    # The same form again: the action changed since, nothing is done twice.
    again = web.post("/overview/assign", data={**form, "owner": ANNA})
    assert again.status_code == 409 and "#4 is gewijzigd terwijl" in again.text
    assert events(sql, 4)[-1][0] == "assigned" and len(events(sql, 4)) == 2


def test_assigning_needs_an_active_owner(web, cli, sql):
    form = fields(web.get(overview()).text, "/overview/assign")
    assert web.post("/overview/assign", data={**form, "owner": ""}).status_code == 400
    cli("owner", "deactivate", BOB)
    refused = web.post("/overview/assign", data={**form, "owner": BOB})
    assert refused.status_code == 400
    assert "Niet gelukt: owner bob@example.org is deactivated" in refused.text
    assert len(events(sql, 4)) == 1


@pytest.mark.parametrize("decision", ["accept", "refuse"])
def test_the_coordinator_decides_a_proposal(web, sql, decision):
    submit(web, link(2, "due"), due="2027-03-01")
    form = fields(web.get(overview()).text, "/overview/proposal")
    answer = web.post("/overview/proposal", data={**form, "decision": decision})
    assert answer.status_code == 200
    kind, actor, old, new, note = events(sql, 2)[-1]
    if decision == "accept":
        assert "De nieuwe deadline van #2 is ma 1 mrt 2027." in answer.text
        assert (kind, actor, old, new) == ("due_changed", COORDINATOR, "2027-01-15",
                                           "2027-03-01")
        assert note == "via web; as proposed by anna@example.org"
    else:
        assert "Het voorstel voor #2 is geweigerd; de deadline blijft." in answer.text
        assert (kind, actor, old, note) == ("proposal_refused", COORDINATOR, "2027-03-01",
                                            "via web")
    twice = web.post("/overview/proposal", data={**form, "decision": "accept"})
    assert twice.status_code == 409 and "Over dit voorstel is al beslist" in twice.text
    assert web.post("/overview/proposal", data={**form, "decision": "maybe"}).status_code == 400


@pytest.mark.parametrize(("method", "url", "status", "says"), [
    ("get", "/", 404, "Pagina niet gevonden"),
    ("get", "/action", 403, "Deze link werkt niet"),
    ("get", "/action?t=", 403, "Deze link werkt niet"),
    ("get", "/action?t=" + "A" * 5000, 403, "Deze link werkt niet"),
    ("delete", "/action", 405, "Dat kan zo niet"),
    ("post", "/mine", 405, "Dat kan zo niet"),
    ("get", "/overview/assign", 405, "Dat kan zo niet"),
    ("post", "/overview/assign", 403, "Deze link werkt niet"),
])
def test_errors_are_pages_that_say_what_to_do(web, method, url, status, says):
    answer = getattr(web, method)(url)
    assert answer.status_code == status and says in answer.text
    assert "coordinator@example.org" in answer.text


def test_a_huge_post_is_refused_unread(web, sql):
    before = snapshot(sql)
    form = fields(web.get(link(1, "progress")).text)
    answer = web.post("/action", data={**form, "note": "x" * 100_000})
    assert answer.status_code == 413 and "Dat ging mis" in answer.text
    assert snapshot(sql) == before


def test_a_form_without_an_action_number_is_refused(web):
    form = fields(web.get(overview()).text, "/overview/assign")
    for value in ("", "x", "12345678901234567890123"):
        answer = web.post("/overview/assign", data={**form, "action": value, "owner": BOB})
        assert answer.status_code == 400


# --- security (issue 13, each promise with a test) ---------------------------------------------

def _tampered(url: str, **changes) -> str:
    """The link with its payload changed and its signature kept."""
    token = url.split("t=", 1)[1]
    payload, _, signature = token.partition(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    for index, value in changes.items():
        data[int(index[1:])] = value
    encoded = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
    return url.split("t=", 1)[0] + "t=" + encoded.decode().rstrip("=") + "." + signature


def test_security_owner_a_cannot_read_or_change_owner_bs_actions(web, sql):
    before = snapshot(sql)
    # Anna's link with Bob's action put in: the signature no longer fits.
    forged = web.get(_tampered(link(1, "close"), i2=3))
    assert forged.status_code == 403 and "Bob" not in forged.text
    # Anna's link for Bob's action, signed (a server bug or a guessed secret): still refused.
    signed = web.get(link(3, "close"))
    assert signed.status_code == 403 and "Bob&#39;s own action" not in signed.text
    # Anna's page link used for an action, and her page shows none of Bob's.
    assert web.get(mine().replace("/mine", "/action")).status_code == 403
    assert "Bob&#39;s own action" not in web.get(mine()).text
    # A POST of Anna's form with Bob's action named in it changes Anna's action only.
    answer = submit(web, link(1, "close"), action="3", id="3")
    assert answer.status_code == 200
    assert sql("SELECT id, status FROM actions WHERE id IN (1, 3) ORDER BY id") == [
        (1, "done"), (3, "open")]
    assert snapshot(sql)["events"][len(before["events"]):] == [
        tuple(row) for row in sql("SELECT * FROM events WHERE action_id = 1 AND kind = 'closed'")]
    # An owner's link cannot open the coordinator's overview.
    assert web.get(_tampered(mine(), i0="o").replace("/mine", "/overview")).status_code == 403


def test_security_an_expired_link_says_what_to_do(web, frozen):
    url, english = link(1, "close"), link(3, "close", owner_id=2, email=BOB)
    frozen.move_to("2026-12-23 08:59:59")  # 28 days less a second
    assert web.get(url).status_code == 200
    frozen.move_to("2026-12-23 09:00:00")
    expired = web.get(url)
    assert expired.status_code == 410 and "Deze link is verlopen" in expired.text
    assert "Gebruik de knoppen in je volgende wekelijkse mail, of vraag de coördinator" in \
        expired.text and "coordinator@example.org" in expired.text
    assert "Contact opnemen" not in expired.text
    assert "This link has expired" in web.get(english).text


def test_security_an_altered_link_says_what_to_do(web):
    url = link(1, "close")
    for bad in (url[:-1] + ("A" if url[-1] != "A" else "B"), url[:-20], _tampered(url, i4=2**40),
                url.replace("t=", "t=x")):
        answer = web.get(bad)
        assert answer.status_code == 403 and "Deze link werkt niet" in answer.text
        assert "Gebruik de knoppen in je volgende wekelijkse mail" in answer.text


def test_security_a_closed_action_shows_its_state_instead_of_acting_twice(web, cli, sql):
    page = web.get(link(1, "close"))
    form = fields(page.text)
    cli("close", "1", "--note", "al gedaan")
    shown = web.get(link(1, "progress"))
    assert shown.status_code == 200 and 'name="csrf"' not in shown.text
    assert "Deze actie is al afgerond (wo 25 nov 2026 10:00, door tester)." in shown.text
    before = snapshot(sql)
    twice = web.post("/action", data={**form, "note": "ook gedaan"})
    assert twice.status_code == 409 and "Deze actie is al afgerond" in twice.text
    assert snapshot(sql) == before


def test_security_a_form_shown_before_a_change_changes_nothing(web, cli, sql, frozen):
    url = link(2, "progress")
    form = fields(web.get(url).text)
    frozen.tick(60)
    cli("due", "2", "2027-02-15")
    page = web.get(url)
    assert "Deze actie is gewijzigd sinds de link werd gemaakt" in page.text
    assert "ma 15 feb 2027" in page.text
    before = snapshot(sql)
    stale = web.post("/action", data={**form, "note": "half klaar"})
    assert stale.status_code == 409 and "er is niets opgeslagen" in stale.text
    assert "half klaar" in stale.text  # kept for a second try, with a fresh form
    assert snapshot(sql) == before
    # Posting the same form twice (a double click, a reload) acts once.
    fresh = fields(stale.text)
    assert web.post("/action", data={**fresh, "note": "half klaar"}).status_code == 200
    assert web.post("/action", data={**fresh, "note": "half klaar"}).status_code == 409
    assert [e[0] for e in events(sql, 2)].count("noted") == 1


@pytest.mark.parametrize("change", ["deactivate", "reassign", "address", "secret",
                                    "coordinator"])
def test_security_links_stop_at_once(web_config, office, cli, change):
    client = create_app(web_config, secret=SECRET).test_client()
    own, page, coordinator = link(1, "close"), mine(), overview()
    assert [client.get(u).status_code for u in (own, page, coordinator)] == [200, 200, 200]
    expected = [403, 403, 200]
    if change == "deactivate":
        cli("owner", "deactivate", ANNA)
    elif change == "reassign":
        cli("assign", "1", "--owner", BOB)
        expected = [403, 200, 200]
    elif change == "address":
        cli("owner", "edit", ANNA, "--email", "anna.devries@example.org")
    elif change == "secret":
        client = create_app(web_config, secret=SECRET[::-1]).test_client()
        expected = [403, 403, 403]
    else:
        config = web_config.replace(coordinators=("other@example.org",))
        client = create_app(config, secret=SECRET).test_client()
        expected = [200, 200, 403]
    assert [client.get(u).status_code for u in (own, page, coordinator)] == expected


def test_security_get_never_writes(web, sql):
    before = snapshot(sql)
    urls = [*(link(n, p) for n in (1, 2, 5) for p in ("close", "progress", "due", "notmine")),
            mine(), overview(), "/healthz", "/static/tracker.css", link(3, "close"), "/nowhere",
            "/action?t=bad", "/overview/assign", "/overview/proposal"]
    # Even with a form's values in the query string.
    form = fields(web.get(link(1, "close")).text)
    urls.append(f"/action?t={form['t']}&csrf={form['csrf']}&note=x")
    for url in urls:
        assert web.get(url).status_code in (200, 403, 404, 405), url
        assert web.head(url).status_code in (200, 403, 404, 405), url
    assert snapshot(sql) == before


@pytest.mark.parametrize("csrf", [None, "", "forged", "other-link", "other-action", "altered"])
def test_security_a_post_without_a_valid_form_token_is_refused(web, sql, csrf):
    form = fields(web.get(link(1, "close")).text)
    if csrf == "other-link":  # a valid form token of another link, for the same action
        form["csrf"] = fields(web.get(link(1, "progress")).text)["csrf"]
    elif csrf == "other-action":
        form["t"] = fields(web.get(link(2, "close")).text)["t"]
    elif csrf == "altered":
        form["csrf"] = form["csrf"][:-2] + ("AA" if form["csrf"][-2:] != "AA" else "BB")
    elif csrf is None:
        del form["csrf"]
    else:
        form["csrf"] = csrf
    before = snapshot(sql)
    answer = web.post("/action", data=form)
    assert answer.status_code == 400 and "Het formulier is verlopen" in answer.text
    assert snapshot(sql) == before


def test_security_a_form_shown_too_long_ago_is_refused(web, sql, frozen):
    form = fields(web.get(link(1, "close")).text)
    frozen.tick(12 * 3600 + 1)
    before = snapshot(sql)
    assert web.post("/action", data=form).status_code == 400
    assert snapshot(sql) == before


def test_security_the_overview_forms_need_their_token(web, sql):
    before = snapshot(sql)
    form = fields(web.get(overview()).text, "/overview/assign")
    for bad in ({"csrf": ""}, {"csrf": form["csrf"] + "x"}, {"action": "1"}):
        assert web.post("/overview/assign", data={**form, **bad, "owner": BOB}
                        ).status_code == 400
    assert snapshot(sql) == before


@pytest.mark.parametrize("url", ["/healthz", "/static/tracker.css", "/nowhere", "/action?t=x",
                                 "mine", "action", "overview"])
def test_security_headers_on_every_response(web, url):
    url = {"mine": mine(), "action": link(1, "close"), "overview": overview()}.get(url, url)
    headers = web.get(url).headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    if not url.startswith("/static/"):
        assert headers["Cache-Control"] == "no-store"


def test_security_pages_load_nothing_from_elsewhere(web):
    for url in (mine(), link(1, "due"), overview(), "/nowhere"):
        html = web.get(url).text
        assert "<script" not in html.replace("&lt;script", "")
        tags = re.findall(r"<[^>]+>", html)
        assert not [t for t in tags if re.search(r'(?:src|href)="(?:https?:)?//', t)]
        assert not [t for t in tags if re.search(r"\sstyle=|\son\w+=", t)]  # inline style, JS


def test_security_tokens_never_in_the_access_log(web, caplog):
    url = link(1, "close")
    form = fields(web.get(url).text)
    with caplog.at_level(logging.INFO, "tracker.web"):
        web.get(url)
        web.get(mine())
        web.post("/action", data={**form, "note": "klaar"})
        web.get(url + "x")
        web.get("/action/" + form["t"])  # a token pasted into the path
        web.get(f"/action?t={form['t']}&csrf={form['csrf']}&t={form['t']}")
    logged = caplog.text
    assert logged.count("[redacted]") >= 6
    for secret in (form["t"], form["csrf"], form["t"][:30], form["t"].split(".")[1]):
        assert secret not in logged
    assert '127.0.0.1 "GET /action?t=[redacted]" 200' in logged
    assert '127.0.0.1 "POST /action" 200' in logged
    assert '"GET /action/[redacted]" 404' in logged


def test_security_every_text_is_escaped(web, cli, sql):
    cli("owner", "add", "Eve <b>Evil</b>", "eve@example.org")
    cli("add", EVIL)  # #6, unassigned: on the overview with its picker
    submit(web, link(5, "progress"), note="<script>alert(2)</script>")
    pages = [web.get(u).text for u in (link(5, "close"), mine(), overview())]
    for html in pages:
        assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "Kick-off &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &#34;quotes&#34;" \
        in pages[0]
    assert "via web: &lt;script&gt;alert(2)&lt;/script&gt;" in pages[0]
    assert "Eve &lt;b&gt;Evil&lt;/b&gt;" in pages[2]


def test_security_control_and_bidi_characters_are_taken_out(web, cli):
    cli("note", "5", "a\u202eb\x1b[31mc")
    html = web.get(link(5, "close")).text
    assert "\u202e" not in html and "\x1b" not in html and "ab[31mc" in html


def test_security_a_burst_of_bad_links_is_slowed_down(web, limiter):
    clock = [1000.0]
    limiter.clock = lambda: clock[0]
    good = link(1, "close")
    for _ in range(10):
        assert web.get(good[:-3] + "abc").status_code == 403
    refused = web.get(good)
    assert refused.status_code == 429 and "Te veel ongeldige links" in refused.text
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert web.post("/action", data={"t": good}).status_code == 429
    # Another address is not affected; expired links are no attack and do not count.
    assert web.get(good, environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 200
    clock[0] += 61
    assert web.get(good).status_code == 200


def test_security_the_limiter_forgets_old_addresses():
    limiter = BadLinkLimiter(limit=2, window=60, addresses=3, clock=lambda: 5.0)
    for address in ("a", "a", "b", "c", "d"):
        limiter.failed(address)
    assert limiter.retry_after("a") == 0  # forgotten: only the last three are kept
    limiter.failed("d")
    assert limiter.retry_after("d") == 60


@pytest.mark.parametrize(("secret", "says"), [
    (None, "Error: environment TRACKER_WEB_SECRET is empty: the web links are signed with a"
           " secret from it (make one with python3 -c 'import secrets;"
           " print(secrets.token_urlsafe(32))')\n"),
    ("short", "Error: environment TRACKER_WEB_SECRET holds 5 characters: a secret needs at"
              " least 32 (make one with python3 -c 'import secrets;"
              " print(secrets.token_urlsafe(32))')\n"),
])
def test_security_the_server_refuses_to_start_without_the_secret(cli, monkeypatch, secret,
                                                                 says):
    if secret:
        monkeypatch.setenv("TRACKER_WEB_SECRET", secret)
    refused = cli("serve", "--port", "1", ok=False)
    assert (refused.exit_code, refused.stderr) == (3, says)


def test_the_app_factory_needs_the_secret_too(config, monkeypatch):
    from tracker.errors import ConfigError

    monkeypatch.delenv("TRACKER_WEB_SECRET", raising=False)
    with pytest.raises(ConfigError, match="TRACKER_WEB_SECRET is empty"):
        create_app(config)
    monkeypatch.setenv("TRACKER_WEB_SECRET", SECRET)
    assert create_app(config).test_client().get("/healthz").status_code == 200


def test_a_path_in_the_base_url_prefixes_links_and_forms(web_config, office):
    config = web_config.replace(web=web_config.web.replace(base_url=BASE + "/vervolg/"))
    client = create_app(config, secret=SECRET).test_client()
    url = link(1, "close")
    for prefixed in ("/vervolg" + url, url):  # the proxy passes the prefix on, or strips it
        html = client.get(prefixed).text
        assert 'action="/vervolg/action"' in html
        assert 'href="/vervolg/static/tracker.css"' in html
        assert 'href="/vervolg/mine?t=' in html
    assert client.get("/vervolg/healthz").json == {"status": "ok"}


# --- the links in the mails --------------------------------------------------------------------

def mails(app, config) -> dict[str, tuple[str, str]]:
    """One digest round into .eml files: (text, html) by recipient."""
    import email
    import email.policy
    from pathlib import Path

    from tracker.mail import outbox

    result = outbox.send_round(app.sessions(), config, "2026-W48", date(2026, 11, 25), now)
    assert result.failed == 0 and result.stopped is None
    found = {}
    for eml in Path(config.mail.outbox).glob("*.eml"):
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        found[message["To"].addresses[0].addr_spec] = (
            message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())
    return found


@pytest.fixture
def secret_env(monkeypatch):
    monkeypatch.setenv("TRACKER_WEB_SECRET", SECRET)


def test_the_digest_carries_the_four_buttons_and_the_owner_page(web, web_config, app,
                                                                secret_env):
    text, html = mails(app, web_config)[ANNA]
    assert "tracker close" not in text and "tracker close" not in html
    assert "Al mijn acties: http://tracker.test/mine?t=" in text
    assert "De knoppen werken tot wo 23 dec 2026 en alleen voor jou: stuur deze mail niet" \
        " door." in text
    assert "Vragen? Antwoord op deze mail; het antwoord gaat naar coordinator@example.org." \
        in text
    titles = {"Afgerond": "afronden", "Voortgang melden": "Voortgang melden bij",
              "Nieuwe deadline voorstellen": "Nieuwe deadline voorstellen voor",
              "Niet van mij": "is niet van mij"}
    urls = re.findall(r"^ {8}(Afgerond|Voortgang melden|Nieuwe deadline voorstellen"
                      r"|Niet van mij): (\S+)$", text, re.M)
    assert len(urls) == 4 * 3  # three open actions of Anna's
    for label, url in urls:
        page = web.get(path(url))
        assert page.status_code == 200 and titles[label] in page.text
    html_urls = re.findall(r'<a class="button" href="([^"]+)" aria-label="([^"]+)">', html)
    assert [label for _, label in html_urls][:4] == [
        "Afgerond: #1", "Voortgang melden: #1", "Nieuwe deadline voorstellen: #1",
        "Niet van mij: #1"]
    assert {url.replace("&amp;", "&") for url, _ in html_urls} <= {url for _, url in urls}
    page = re.search(r'<a class="button" href="([^"]+)">Al mijn acties</a>', html).group(1)
    assert "<h1>Mijn acties</h1>" in web.get(path(page)).text


def test_an_english_digest_has_english_buttons(web_config, office, secret_env):
    text, _ = mails(office, web_config)[BOB]
    assert "        Done: http://tracker.test/action?t=" in text
    assert "        Not mine: http://tracker.test/action?t=" in text
    assert "All my actions: http://tracker.test/mine?t=" in text
    assert "The buttons work until Wed, 23 Dec 2026 and only for you" in text


def test_without_base_url_the_mails_show_the_commands(config, office):
    text, html = mails(office, config)[ANNA]
    assert "Afronden: tracker close 1 --note" in text and "http" not in text
    assert "Liever geen commando? Antwoord op deze mail" in text
    assert 'class="button"' not in html


def test_base_url_without_the_secret_stops_the_round(cli, config_file, sql, monkeypatch):
    monkeypatch.delenv("TRACKER_WEB_SECRET", raising=False)
    with config_file.open("a") as handle:
        handle.write(f'[web]\nbase_url = "{BASE}"\n')
    cli("owner", "add", "Anna", ANNA)
    cli("add", "Iets", "--owner", ANNA)
    refused = cli("digest", "send", ok=False)
    assert refused.exit_code == 3
    assert refused.stderr.startswith("Error: environment TRACKER_WEB_SECRET is empty")
    assert sql("SELECT count(*) FROM deliveries") == [(0,)]
    assert not list((config_file.parent / "outbox").glob("*.eml"))
    preview = cli("digest", "preview", "--owner", ANNA, ok=False)
    assert preview.exit_code == 3
    scheduler = cli("scheduler", "run", ok=False)  # refuses to start, as `tracker serve` does
    assert scheduler.exit_code == 3
    assert scheduler.stderr.splitlines()[-1].startswith(
        "Error: environment TRACKER_WEB_SECRET is empty")


def test_each_coordinator_gets_a_link_of_their_own(web_config, app, office, secret_env):
    config = web_config.replace(coordinators=(COORDINATOR, "second@example.org"))
    sent = mails(app, config)
    client = create_app(config.replace(coordinators=(COORDINATOR,)),
                        secret=SECRET).test_client()
    for who, status in ((COORDINATOR, 200), ("second@example.org", 403)):
        text, html = sent[who]
        assert "Toewijzen en voorgestelde deadlines beoordelen kan op de website" in text
        url = re.search(r"^(http://tracker\.test/overview\?t=\S+)$", text, re.M).group(1)
        assert f'<a class="button" href="{url}">Overzicht op de website</a>' in html
        assert client.get(path(url)).status_code == status


def test_the_summary_lists_proposals_and_actions_handed_back(web, web_config, app, secret_env):
    submit(web, link(2, "due"), due="2027-03-01", reason="na de verkiezingen")
    submit(web, link(1, "notmine"), reason="Hoort bij het team van Bob")
    text, html = mails(app, web_config)[COORDINATOR]
    proposals = text.split("VOORGESTELDE DEADLINES (1)\n")[1].split("\n\n")[0]
    assert "#2  Verslag delen met de raad" in proposals
    assert ("voorgesteld: ma 1 mrt 2027, door anna@example.org: via web: na de verkiezingen"
            in proposals)
    assert ("Aanvaarden: tracker due ID DATUM; weigeren: tracker due ID --refuse-proposal"
            in text)
    handed = text.split("TERUGGEGEVEN DEZE WEEK (1)\n")[1].split("\n\n")[0]
    assert "#1  Contact opnemen met Helsingborg over de bijeenkomst" in handed
    assert "teruggegeven door anna@example.org: via web: Hoort bij het team van Bob" in handed
    # Each action once: #1 (overdue, unassigned now) is in no other section.
    assert text.count("#1  Contact opnemen") == 1 and text.count("#2  Verslag delen") == 1
    assert ">Voorgestelde deadlines (1)</h2>" in html
    assert ">Teruggegeven deze week (1)</h2>" in html
    assert "teruggegeven door anna@example.org: via web: Hoort bij het team van Bob" in html


# --- the command line around it -------------------------------------------------------------

def test_open_proposals_prints_the_same_on_both_paths(web, cli, config_file, capsys,
                                                     monkeypatch):
    from click.testing import CliRunner

    from tracker.cli import fastopen
    from tracker.cli.main import cli as root

    submit(web, link(2, "due"), due="2027-03-01", reason="na de\tverkiezingen " + "x" * 90)
    argv = ["--config", str(config_file), "open", "--proposals"]
    monkeypatch.setenv("COLUMNS", "100")
    slow = CliRunner().invoke(root, argv)
    capsys.readouterr()
    assert fastopen.fast_open(argv) == slow.exit_code == 0
    fast = capsys.readouterr().out
    assert fast == slow.stdout
    assert fast.splitlines()[2] == ("       proposed 2027-03-01 by anna@example.org: via web: na"
                                    " de verkiezingen " + "x" * 23 + "…")


def test_serve_appears_in_help_with_its_options(cli):
    shown = cli("serve", "--help").output
    assert "--host TEXT" in shown and "--port INTEGER RANGE" in shown
    assert "tracker serve --port 8080" in shown
    assert "serve" in cli("--help").output


def test_config_show_says_whether_the_secret_is_set_never_what_it_is(cli, monkeypatch):
    import json as json_module

    monkeypatch.setenv("TRACKER_WEB_SECRET", SECRET)
    shown = cli("config", "show").output
    assert SECRET not in shown
    web_section = json_module.loads(shown)["web"]
    assert web_section == {"base_url": "", "link_days": 28, "secret_env": "TRACKER_WEB_SECRET",
                           "trusted_proxy": "", "secret_set": True}
