"""End to end, as an owner and a coordinator live it: a real digest round writes .eml files,
the links are taken out of those mails and opened in Chromium (without JavaScript) against a
real `tracker serve` process (waitress) on a free port, the forms are filled in and sent, and
`tracker show` tells what happened. On both databases. The owner page is photographed at 360
and 1280 px into var/screenshots/."""

from __future__ import annotations

import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest

from tests.browser import low_contrast, screenshot
from tracker.clock import today

SECRET = "e2e-secret-" + "y" * 32
ANNA, BOB, COORDINATOR = "anna@example.org", "bob@example.org", "coordinator@example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A `tracker serve` process; its log is what it wrote on stderr."""

    def __init__(self, config_file: Path, port: int):
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        env["TRACKER_WEB_SECRET"] = SECRET
        self.log_path = config_file.parent / "serve.log"
        self.log_file = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tracker", "--config", str(config_file), "serve", "--port",
             str(port)], env=env, stdout=self.log_file, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as answer:
                    assert answer.status == 200
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError(f"tracker serve did not start: {self.log()}") from None
                time.sleep(0.1)

    def log(self) -> str:
        if not self.log_file.closed:
            self.log_file.flush()
        return self.log_path.read_text()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log_file.close()
        return self.process.returncode


@pytest.fixture
def served(cli, config_file, monkeypatch, browser):
    """A database with Anna's four actions and one of nobody's, this week's mails sent into
    .eml files with links to a running server. Yields (server, mails by recipient)."""
    port = free_port()
    with config_file.open("a") as handle:
        handle.write(f'[web]\nbase_url = "http://127.0.0.1:{port}"\n')
    monkeypatch.setenv("TRACKER_WEB_SECRET", SECRET)
    day = today(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam"))
    cli("owner", "add", "Anna de Vries", ANNA)
    cli("owner", "add", "Bob Smith", BOB, "--language", "en")
    cli("add", "Contact opnemen met Helsingborg over de bijeenkomst van december", "--owner",
        ANNA, "--due", (day + timedelta(days=20)).isoformat())
    cli("add", "Verslag delen met de raadscommissie", "--owner", ANNA, "--due",
        (day + timedelta(days=5)).isoformat())
    cli("add", "Subsidie-aanvraag BAUHAUS voorbereiden met de universiteit van Stavanger",
        "--owner", ANNA, "--due", (day + timedelta(days=60)).isoformat())
    cli("add", "Kennissessie organiseren met de woningcorporaties", "--owner", ANNA, "--due",
        (day - timedelta(days=3)).isoformat())
    cli("add", "Terugkoppeling aan Eurocities", "--due", (day + timedelta(days=30)).isoformat())
    cli("digest", "send")
    mails = {}
    for path in (config_file.parent / "outbox").glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        mails[message["To"].addresses[0].addr_spec] = message
    server = Server(config_file, port)
    try:
        yield server, mails
    finally:
        assert server.stop() == 0


def button(message, label: str) -> str:
    """The address behind a button of a mail's HTML part, as a mail program opens it."""
    html = message.get_body(("html",)).get_content()
    found = re.search(rf'<a class="button" href="([^"]+)"[^>]*>{re.escape(label)}</a>', html) \
        or re.search(rf'<a class="button" href="([^"]+)" aria-label="{re.escape(label)}">',
                     html)
    assert found, label
    return found.group(1).replace("&amp;", "&")


def happened(shown: str, actor: str, kind: str, note: str) -> bool:
    """Whether `tracker show`'s history has this event (a long line goes under its event)."""
    return re.search(rf"{re.escape(actor)}\s+{kind}\b", shown) is not None and (
        f'"{note}"' in shown or f"note: {note}" in shown)


def new_page(browser, width: int, dark: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  java_script_enabled=False,
                                  color_scheme="dark" if dark else "light")
    return context, context.new_page()


def check_layout(page, width: int) -> None:
    """Fits the width, keeps AA contrast, loaded its stylesheet (the CSP let it in)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert low_contrast(page) == []
    assert page.evaluate("getComputedStyle(document.querySelector('main')).borderTopStyle") \
        == "solid"


def test_every_button_of_a_real_mail_end_to_end(served, browser, cli):
    server, mails = served
    anna = mails[ANNA]
    # The owner page from the mail's "Al mijn acties", photographed at phone and desktop size.
    for width in (360, 1280):
        for dark in (False, True):
            context, page = new_page(browser, width, dark)
            page.goto(button(anna, "Al mijn acties"))
            assert page.locator("h1").inner_text() == "Mijn acties"
            titles = page.locator("article h3").all_inner_texts()
            assert titles[0].startswith("#4 Kennissessie")  # overdue first
            assert len(titles) == 4
            assert page.locator("article").nth(0).locator("a.button").count() == 4
            check_layout(page, width)
            if not dark:
                screenshot(page, f"web-mine-{width}")
            context.close()

    # "Afgerond", by keyboard alone: Tab to the note, type, Tab to the button, Enter.
    context, page = new_page(browser, 360)
    page.goto(button(anna, "Afgerond: #1"))
    assert page.locator("h1").inner_text() == "Actie #1 afronden"
    check_layout(page, 360)
    screenshot(page, "web-action-360")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.locator("textarea:focus").count():
            break
    assert page.locator("textarea#note:focus").count() == 1
    page.keyboard.type("Teams-overleg gehouden op 3 december")
    page.keyboard.press("Tab")
    assert page.locator("button:focus").inner_text() == "Markeer als afgerond"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Gelukt: #1 is afgerond. Dank je!" in page.locator("main").inner_text()
    shown = cli("show", "1").output
    assert "  status    done on " in shown
    assert happened(shown, ANNA, "closed", "via web: Teams-overleg gehouden op 3 december")
    # The same link again shows what happened instead of acting twice.
    page.goto(button(anna, "Afgerond: #1"))
    assert "Deze actie is al afgerond" in page.locator("main").inner_text()
    assert page.locator("form").count() == 0
    context.close()

    context, page = new_page(browser, 1280)
    page.goto(button(anna, "Voortgang melden: #2"))
    page.fill("textarea#note", "Eerste versie ligt bij de afdeling")
    page.click("button[type=submit]")
    assert "Gelukt: je voortgang bij #2 is opgeslagen." in page.locator("main").inner_text()
    assert happened(cli("show", "2").output, ANNA, "noted",
                    "via web: Eerste versie ligt bij de afdeling")

    proposed = today(__import__("zoneinfo").ZoneInfo("Europe/Amsterdam")) + timedelta(days=90)
    page.goto(button(anna, "Nieuwe deadline voorstellen: #3"))
    page.fill("input#due", proposed.isoformat())
    page.fill("textarea#reason", "De universiteit antwoordt pas in het voorjaar")
    page.click("button[type=submit]")
    assert "ligt bij de coördinator" in page.locator("main").inner_text()
    shown = cli("show", "3").output
    assert happened(shown, ANNA, "due_proposed",
                    "via web: De universiteit antwoordt pas in het voorjaar")
    assert f"  proposed  {proposed} by anna@example.org" in shown
    assert f"proposed {proposed} by anna@example.org" in cli("open", "--proposals").output

    page.goto(button(anna, "Niet van mij: #4"))
    page.fill("textarea#reason", "Dit doet Woonbeleid")
    page.click("button[type=submit]")
    assert "is teruggegeven aan de coördinator" in page.locator("main").inner_text()
    shown = cli("show", "4").output
    assert "  owner     unassigned" in shown
    assert happened(shown, ANNA, "unassigned", "via web: Dit doet Woonbeleid")
    context.close()

    # The coordinator: the overview from the summary's link; assign #5, accept #3's proposal.
    summary = mails[COORDINATOR]
    context, page = new_page(browser, 360)
    page.goto(button(summary, "Overzicht op de website"))
    assert page.locator("h1").inner_text() == "Overzicht vervolgafspraken"
    check_layout(page, 360)
    screenshot(page, "web-overview-360")
    page.select_option("select#owner5", BOB)
    page.click("form.assign:has(input[name=action][value='5']) button")
    assert "#5 is toegewezen aan Bob Smith" in page.locator("main").inner_text()
    assert happened(cli("show", "5").output, COORDINATOR, "assigned", "via web")
    page.click("button[name=decision][value=accept]")
    assert "De nieuwe deadline van #3 is" in page.locator("main").inner_text()
    shown = cli("show", "3").output
    assert f"  deadline  {proposed} (manual)" in shown
    assert happened(shown, COORDINATOR, "due_changed",
                    "via web; as proposed by anna@example.org")
    context.close()

    # The server's log: one line per request, no token in it.
    log = server.log()
    assert "INFO tracker.web: serving on http://127.0.0.1:" in log
    assert re.search(r'127\.0\.0\.1 "GET /action\?t=\[redacted\]" 200', log)
    assert re.search(r'127\.0\.0\.1 "POST /action" 200', log)
    assert re.search(r'127\.0\.0\.1 "POST /overview/assign" 200', log)
    tokens = re.findall(r"t=([\w.-]{20,})", anna.get_body(("plain",)).get_content())
    assert tokens and not any(token in log for token in tokens)


def test_the_mail_with_buttons_fits_a_phone(served, browser):
    _, mails = served
    for dark in (False, True):
        context, page = new_page(browser, 360, dark)
        page.set_content(mails[ANNA].get_body(("html",)).get_content())
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert low_contrast(page) == []
        if not dark:
            screenshot(page, "mail-digest-buttons-360")
        context.close()


def test_behind_a_proxy_the_limiter_counts_the_visitor_not_the_proxy(cli, config_file):
    """With web.trusted_proxy, waitress takes the visitor's address from X-Forwarded-For: a
    burst of bad links from one visitor does not lock out the others behind the same proxy."""
    import urllib.error

    port = free_port()
    with config_file.open("a") as handle:
        handle.write('[web]\nbase_url = "https://vervolg.example.org"\n'
                     'trusted_proxy = "127.0.0.1"\n')
    cli("open")  # a new SQLite file is created and migrated
    server = Server(config_file, port)

    def status(visitor: str) -> int:
        request = urllib.request.Request(server.base + "/action?t=WyJj.bad",
                                         headers={"X-Forwarded-For": visitor})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        assert [status("203.0.113.5") for _ in range(11)] == [403] * 10 + [429]
        assert status("198.51.100.7") == 403
    finally:
        assert server.stop() == 0
    log = server.log()
    assert '203.0.113.5 "GET /action?t=[redacted]" 429' in log
    assert '198.51.100.7 "GET /action?t=[redacted]" 403' in log
    assert "WyJj.bad" not in log
    assert "INFO tracker.web: received SIGTERM: stopping" in log
