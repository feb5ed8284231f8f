"""Digests through a real SMTP server (aiosmtpd on loopback): content, exactly once, failures."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from freezegun import freeze_time

from tracker.clock import now
from tracker.core import actions, owners
from tracker.core.orm import transaction
from tracker.mail import outbox, transports

MONDAY = "2026-11-23 07:00:00"  # 08:00 in Amsterdam, week 2026-W48
WEEK = "2026-W48"


@pytest.fixture
def people(app):
    """Three owners (one English) with open actions, one without, and one unassigned action."""
    at = datetime(2026, 11, 16, 9, tzinfo=UTC)
    with transaction(app.sessions()) as s:
        anna = owners.add_owner(s, "Anna de Vries", "anna@example.org")
        bram = owners.add_owner(s, "Bram Jansen", "bram@example.org", "en")
        cas = owners.add_owner(s, "Cas Idle", "cas@example.org")
        dirk = owners.add_owner(s, "Dirk Smit", "dirk@example.org")
        from datetime import date

        new = [actions.NewAction(text, owner=owner, due=due, due_source="manual")
               for text, owner, due in [
                   ("Verslag delen met de raad & <script>alert(1)</script>", anna,
                    date(2026, 11, 1)),
                   ("Terugkoppelbijeenkomst met corporaties", anna, date(2026, 12, 1)),
                   ("Contact opnemen met Stavanger", anna, None),
                   ("Send the BAUHAUS call to the university", bram, date(2027, 3, 1)),
                   ("Podcast Urbanistica voorbereiden", dirk, date(2026, 11, 30)),
                   ("Niemand heeft dit nog", None, date(2026, 10, 1))]]
        new.append(actions.NewAction("Al gedaan", owner=cas, done_reason="al gedaan"))
        actions.create_actions(s, new, "t", at)
    return app


def send(app, config):
    with freeze_time(MONDAY):
        return outbox.send_round(app.sessions(), config, WEEK, datetime.now(UTC).date(), now)


def test_digest_over_smtp(people, smtp_config, smtp_sink):
    result = send(people, smtp_config)
    assert (result.sent, result.failed, result.pending) == (4, 0, 0)
    assert smtp_sink.recipients() == ["anna@example.org", "bram@example.org",
                                      "coordinator@example.org", "dirk@example.org"]
    by_to = {m["To"].addresses[0].addr_spec: m for _, m in smtp_sink.messages}
    anna = by_to["anna@example.org"]
    assert anna["Subject"] == "[Vervolgafspraken] 3 openstaande acties, 1 verlopen"
    assert str(anna["To"]) == "Anna de Vries <anna@example.org>"
    assert anna["From"].addresses[0].addr_spec == "tracker@example.org"
    assert anna["Date"].datetime == datetime(2026, 11, 23, 7, tzinfo=UTC)
    assert anna["Message-ID"].startswith("<tracker.2026-W48.owner_digest.")
    assert anna.get_content_type() == "multipart/alternative"
    text = anna.get_body(("plain",)).get_content()
    html = anna.get_body(("html",)).get_content()
    assert "Beste Anna de Vries," in text
    assert "VERLOPEN (1)" in text
    assert "Deadline: zo 1 nov 2026 (22 dagen verlopen)" in text
    assert "Deadline: di 1 dec 2026 (over 8 dagen)" in text
    assert 'tracker close 1 --note "..."' in text
    assert "ZONDER DEADLINE (1)" in text
    bram = by_to["bram@example.org"]
    assert bram["Subject"] == "[Vervolgafspraken] 1 open action"
    bram_text = bram.get_body(("plain",)).get_content()
    assert "Dear Bram Jansen," in bram_text and "week 48 (23–29 Nov)" in bram_text
    assert "Deadline: Mon, 1 Mar 2027 (in 98 days)" in bram_text
    summary = by_to["coordinator@example.org"]
    assert summary["Subject"] == ("[Vervolgafspraken] Overzicht week 48 (23–29 nov): 6 open,"
                                  " 2 verlopen, 1 zonder eigenaar")
    assert "Niemand heeft dit nog" in summary.get_body(("plain",)).get_content()
    assert "cas@example.org" not in smtp_sink.recipients()  # nothing open: no mail
    assert html.count("tracker close ") == 3


def test_html_is_escaped_and_text_is_intact(people, smtp_config, smtp_sink):
    send(people, smtp_config)
    anna = next(m for _, m in smtp_sink.messages if "anna" in str(m["To"]))
    html = anna.get_body(("html",)).get_content()
    text = anna.get_body(("plain",)).get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "raad &amp; " in html
    assert "Verslag delen met de raad & <script>alert(1)</script>" in text

    class Collect(HTMLParser):
        def __init__(self):
            super().__init__()
            self.text, self.tags = [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            assert tag not in ("script", "img", "link"), tag

        def handle_data(self, data):
            self.text.append(data)

    parser = Collect()
    parser.feed(html)
    parser.close()
    body = " ".join(parser.text)
    for action_id in ("1", "2", "3"):
        assert f"tracker close {action_id} --note" in body
    assert "table" in parser.tags


def test_header_injection_through_a_name(people, smtp_config, smtp_sink):
    with transaction(people.sessions()) as s:
        owner = owners.find_owner(s, "dirk@example.org")
        owner.name = "Dirk\r\nBcc: victim@example.org\r\nX-Evil: 1"
    send(people, smtp_config)
    dirk = next(m for rcpts, m in smtp_sink.messages if rcpts == ["dirk@example.org"])
    assert dirk["Bcc"] is None and dirk["X-Evil"] is None
    assert str(dirk["To"]) == '"Dirk Bcc: victim@example.org X-Evil: 1" <dirk@example.org>'
    assert "victim@example.org" not in smtp_sink.recipients()


def test_sending_twice_sends_once(people, smtp_config, smtp_sink):
    send(people, smtp_config)
    again = send(people, smtp_config)
    assert (again.planned, again.sent) == (0, 0)
    assert len(smtp_sink.messages) == 4


def test_refused_recipient_fails_alone_and_is_retried(people, smtp_config, smtp_sink):
    smtp_sink.refuse.add("bram@example.org")
    first = send(people, smtp_config)
    assert (first.sent, first.failed) == (3, 1)
    assert "550 5.1.1 mailbox unavailable" in first.errors[0]
    with people.sessions()() as s:
        bram = next(d for d in outbox.deliveries(s, WEEK) if d.recipient == "bram@example.org")
        assert (bram.status, bram.attempts) == ("failed", 1)
        assert "550" in bram.last_error
    smtp_sink.refuse.clear()
    second = send(people, smtp_config)
    assert (second.sent, second.failed) == (1, 0)
    assert smtp_sink.recipients().count("bram@example.org") == 1
    assert len(smtp_sink.messages) == 4


def test_gives_up_after_max_attempts(people, smtp_config, smtp_sink):
    smtp_sink.refuse.add("bram@example.org")
    config = smtp_config.replace(mail=smtp_config.mail.replace(max_attempts=2))
    assert send(people, config).failed == 1
    assert send(people, config).failed == 1
    third = send(people, config)
    assert (third.sent, third.failed, third.pending, third.given_up) == (0, 0, 0, 1)
    with people.sessions()() as s:
        bram = next(d for d in outbox.deliveries(s, WEEK) if d.recipient == "bram@example.org")
        assert (bram.status, bram.attempts) == ("given_up", 2)


def test_server_down_keeps_everything_pending(people, smtp_config, smtp_sink):
    smtp_sink.stop()
    result = send(people, smtp_config)
    assert (result.sent, result.failed, result.pending) == (0, 0, 4)
    assert "cannot reach 127.0.0.1" in result.stopped
    with people.sessions()() as s:
        assert {(d.status, d.attempts) for d in outbox.deliveries(s, WEEK)} == {("pending", 0)}
    smtp_sink.start()
    result = send(people, smtp_config)
    assert (result.sent, result.pending) == (4, 0)
    assert len(smtp_sink.messages) == 4


def test_dropped_connection_mid_round_no_duplicates(people, smtp_config, smtp_sink):
    real_send = transports.SmtpTransport.send
    sent = []

    def send_and_drop_after_first(self, message):
        real_send(self, message)
        sent.append(message["To"])
        if len(sent) == 1:
            smtp_sink.drop_next_mail = True  # the server hangs up on the next MAIL FROM

    transports.SmtpTransport.send = send_and_drop_after_first
    try:
        result = send(people, smtp_config)
    finally:
        transports.SmtpTransport.send = real_send
    assert result.sent == 4 and result.failed == 0
    assert len(smtp_sink.messages) == 4
    assert len(set(smtp_sink.recipients())) == 4
    assert send(people, smtp_config).sent == 0


def test_closed_since_planning_sends_nothing(people, smtp_config, smtp_sink):
    with freeze_time(MONDAY):
        outbox.plan_round(people.sessions(), smtp_config, WEEK, now())
        with transaction(people.sessions()) as s:
            actions.close(s, [5], "t", now())  # Dirk's only action
    result = send(people, smtp_config)
    assert (result.sent, result.skipped) == (3, 1)
    assert "dirk@example.org" not in smtp_sink.recipients()


@pytest.mark.parametrize("instant, week", [
    ("2026-11-30 07:00:00", "2026-W49"),
    ("2026-03-30 06:00:00", "2026-W14"),  # first Monday of summer time, 08:00 CEST
    ("2026-10-26 07:00:00", "2026-W44"),  # first Monday of winter time, 08:00 CET
    ("2026-12-31 12:00:00", "2026-W53"),  # 2026 has 53 ISO weeks
    ("2027-01-03 22:59:00", "2026-W53"),  # Sunday 23:59 in Amsterdam
    ("2027-01-03 23:00:00", "2027-W01"),  # Monday 00:00 in Amsterdam, still Sunday in UTC
])
def test_the_week_is_the_amsterdam_week(people, cli, instant, week):
    with freeze_time(instant):
        out = cli("digest", "send").output
        assert out.startswith(f"{week}: ")
        assert f"No deliveries for {week}" not in cli("digest", "status").output


def test_file_transport_writes_private_eml(people, config):
    with freeze_time(MONDAY):
        result = outbox.send_round(people.sessions(), config, WEEK, datetime.now(UTC).date(), now)
    from pathlib import Path

    files = sorted(Path(config.mail.outbox).glob("*.eml"))
    assert result.sent == 4 and len(files) == 4
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in files)
    anna = email.message_from_bytes(next(f for f in files if "anna" in f.name).read_bytes(),
                                    policy=email.policy.default)
    assert anna["Subject"] == "[Vervolgafspraken] 3 openstaande acties, 1 verlopen"


def test_digest_commands(people, cli):
    with freeze_time(MONDAY):
        out = cli("digest", "preview", "--owner", "anna").output
        assert out.startswith("To: anna@example.org\n"
                              "Subject: [Vervolgafspraken] 3 openstaande acties, 1 verlopen\n")
        html = cli("digest", "preview", "--owner", "bram", "--html").output
        assert html.startswith("<!DOCTYPE html>") and "Dear Bram Jansen" in html
        assert "cas@example.org has no open actions" in cli("digest", "preview", "--owner",
                                                            "cas").output
        assert "Overzicht vervolgafspraken" in cli("digest", "preview", "--coordinator").output
        assert "No deliveries for 2026-W48 yet." in cli("digest", "status").output
        dry = cli("digest", "send", "--dry-run").output
        assert "anna@example.org: owner digest" in dry and "nothing sent or recorded" in dry
        assert "No deliveries for 2026-W48 yet." in cli("digest", "status").output
        assert cli("digest", "send").output.startswith("2026-W48: 4 sent into ")
        status = cli("digest", "status").output.splitlines()
        assert status[0].split() == ["RECIPIENT", "KIND", "STATUS", "TRIES", "SENT"]
        assert len(status) == 5 and all(" sent " in line for line in status[1:])
        assert cli("digest", "send").output.startswith("2026-W48: 0 sent")
        assert "(already sent)" in cli("digest", "send", "--dry-run").output
        out = cli("digest", "send", "--force-resend").output
        assert out.startswith("Resending 4 deliveries of 2026-W48.\n2026-W48: 4 sent")
        bad = cli("digest", "send", "--week", "2026-W54", ok=False)
        assert bad.exit_code == 2 and "invalid ISO week '2026-W54'" in bad.output
        assert cli("digest", "preview", ok=False).exit_code == 2


@pytest.mark.parametrize("command", [("preview", "--coordinator"), ("send", "--dry-run"),
                                     ("status",)])
@pytest.mark.parametrize("week", ["9999-W52", "1989-W52", "2101-W01"])
def test_a_week_outside_the_years_tracker_knows_is_a_usage_error(cli, command, week):
    # Found by tests/test_cli_fuzz.py: 9999-W52 ran past date.max (a traceback).
    result = cli("digest", *command, "--week", week, ok=False)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for '--week': '{week}' is not a week"
                                  " of the years 1990-2100\n")


def test_send_command_over_smtp_failures(people, cli, smtp_sink, monkeypatch):
    monkeypatch.setenv("TRACKER_MAIL_TRANSPORT", "smtp")
    monkeypatch.setenv("TRACKER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TRACKER_SMTP_PORT", str(smtp_sink.port))
    monkeypatch.setenv("TRACKER_SMTP_SECURITY", "plain")
    smtp_sink.refuse.add("dirk@example.org")
    with freeze_time(MONDAY):
        result = cli("digest", "send", ok=False)
        assert result.exit_code == 1
        assert "3 sent through 127.0.0.1, 1 failed" in result.stdout
        assert "failed: Dirk Smit <dirk@example.org>: dirk@example.org: 550" in result.stderr
        status = cli("digest", "status").output
        assert "failed" in status and "550 5.1.1 mailbox unavailable" in status
        smtp_sink.stop()
        smtp_sink.refuse.clear()
        down = cli("digest", "send", ok=False)
        assert down.exit_code == 5
        assert down.stderr.startswith("Error: round stopped, the rest stays pending: cannot"
                                      " reach 127.0.0.1:")


def test_coordinator_summary_caps_long_lists(app, smtp_config, smtp_sink):
    from datetime import date

    with transaction(app.sessions()) as s:
        actions.create_actions(s, [actions.NewAction(f"Ongepland {i}", due=date(2026, 9, 1),
                                                     due_source="manual") for i in range(60)],
                               "t", datetime(2026, 11, 1, tzinfo=UTC))
    send(app, smtp_config)
    (summary,) = [m for _, m in smtp_sink.messages]
    text = summary.get_body(("plain",)).get_content()
    assert "ESCALATIE: MEER DAN 28 DAGEN VERLOPEN (60)" in text
    assert "ZONDER EIGENAAR (0)" in text  # all 60 are escalations: each shown once
    assert "… en nog 10: tracker open --overdue" in text
    assert text.count("Ongepland") == 50
    html = summary.get_body(("html",)).get_content()
    assert "… en nog 10: " in html


def test_a_deactivated_owner_gets_no_digest_and_their_actions_are_unassigned(people,
                                                                            smtp_config,
                                                                            smtp_sink):
    with freeze_time(MONDAY):
        outbox.plan_round(people.sessions(), smtp_config, WEEK, now())  # planned while active
        with transaction(people.sessions()) as s:
            owners.deactivate_owner(s, "dirk@example.org")
    result = send(people, smtp_config)
    assert (result.sent, result.skipped) == (3, 1)
    assert "dirk@example.org" not in smtp_sink.recipients()
    summary = next(m for _, m in smtp_sink.messages if "coordinator" in str(m["To"]))
    unassigned = summary.get_body(("plain",)).get_content().split("ZONDER EIGENAAR")[1]
    assert "Podcast Urbanistica voorbereiden" in unassigned.split("\n\n")[0]
