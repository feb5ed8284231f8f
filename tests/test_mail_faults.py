"""Mail under faults, counted by a real SMTP server (aiosmtpd on loopback) that records what it
receives: refusals of everything and of one recipient, a week given up, an address the mail
library rejects, a deliberate resend and a crash retry, a full disk, a database connection
killed mid-round, a paused round beside a second one, and clocks that disagree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time

from tests.mounts import fill, small_disk
from tests.test_scheduler import smtp_env, tracker_cmd, wait_for
from tracker.config import load_config
from tracker.core import actions, owners
from tracker.core.database import Connection, sql_now
from tracker.core.orm import transaction

MONDAY = "2026-11-23 07:00:00"  # 08:00 in Amsterdam, week 2026-W48
WEEK = "2026-W48"
COORDINATOR = "coordinator@example.org"


def make_owners(app, emails: list[str]) -> list[str]:
    """One owner per address, each with one open action."""
    with transaction(app.sessions()) as s:
        for email in emails:
            owner = owners.add_owner(s, email.split("@")[0], email)
            actions.create_actions(s, [actions.NewAction(
                f"Actie van {email}", owner=owner, due=date(2026, 12, 1), due_source="manual")],
                "t", datetime(2026, 11, 1, tzinfo=UTC))
    return emails


def numbered(count: int) -> list[str]:
    return [f"owner{i:03d}@example.org" for i in range(count)]


def deliveries(url: str, week: str = WEEK) -> dict[str, tuple]:
    """recipient -> (status, attempts, deferrals, message_id, claimed_by), read afresh."""
    conn = Connection(url)
    try:
        return {row[0]: row[1:] for row in conn.execute(
            "SELECT recipient, status, attempts, deferrals, message_id, claimed_by"
            " FROM deliveries WHERE period = :week", {"week": week})}
    finally:
        conn.close()


def execute(url: str, sql: str) -> list:
    conn = Connection(url)
    try:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else []
    finally:
        conn.close()


def let_time_pass(url: str) -> None:
    """Every pause after a temporary refusal over, by the database's clock."""
    execute(url, f"UPDATE deliveries SET retry_after = {sql_now(url.startswith('postgres'), -1)}"
                 " WHERE retry_after IS NOT NULL")


@pytest.fixture
def send(cli, smtp_sink, monkeypatch):
    """`tracker digest send ...` through the sink, on Monday of week 2026-W48."""
    monkeypatch.setenv("TRACKER_MAIL_TRANSPORT", "smtp")
    monkeypatch.setenv("TRACKER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TRACKER_SMTP_PORT", str(smtp_sink.port))
    monkeypatch.setenv("TRACKER_SMTP_SECURITY", "plain")

    def run(*args: str, expect: int = 0, at: str = MONDAY):
        with freeze_time(at):
            result = cli("digest", "send", *args, ok=False)
        assert result.exit_code == expect, result.output + (result.stderr or "")
        return result

    return run


# --- the server refuses everything: nothing is spent ----------------------------------------

SERVER_WIDE = {
    "connection refused": lambda sink: sink.stop(),
    "421 greeting": lambda sink: setattr(sink, "greeting", "421 4.3.2 too busy, come back later"),
    "451 to MAIL FROM": lambda sink: setattr(sink, "mail_reply", "451 4.3.0 try again later"),
    "421 to RCPT": lambda sink: sink.rcpt_replies.update(
        {email: "421 4.3.0 shutting down" for email in [*numbered(3), COORDINATOR]}),
    "421 to DATA": lambda sink: setattr(sink, "data_reply", "421 4.3.0 shutting down"),
}


@pytest.mark.parametrize("fault", SERVER_WIDE)
def test_a_server_wide_refusal_stops_the_round_and_spends_no_attempt(app, send, smtp_sink,
                                                                     fault):
    """The issue's relay at 451: every round used to spend an attempt of every delivery and,
    after about an hour, the week was abandoned and reported as '0 failed'."""
    make_owners(app, numbered(3))
    SERVER_WIDE[fault](smtp_sink)
    for _ in range(app.config.mail.max_attempts + 2):  # more rounds than attempts allowed
        result = send(expect=5)
        assert result.stderr.startswith("Error: round stopped, the rest stays pending: ")
        assert result.stderr.count("\n") == 1
        assert "0 sent" in result.stdout and "0 given up" in result.stdout
    assert smtp_sink.messages == []
    assert {row[:3] for row in deliveries(app.config.database.url).values()} == {
        ("pending", 0, 0)}
    smtp_sink.stop()  # the server recovers
    smtp_sink.greeting = smtp_sink.mail_reply = smtp_sink.data_reply = None
    smtp_sink.rcpt_replies.clear()
    smtp_sink.start()
    assert "4 sent" in send().stdout
    assert sorted(smtp_sink.recipients()) == sorted([*numbered(3), COORDINATOR])


# --- one recipient refused for now, one for good ------------------------------------------

def test_a_temporary_refusal_is_retried_after_a_growing_pause(app, send, smtp_sink):
    url = app.config.database.url
    postgres = url.startswith("postgres")
    busy, gone, fine = make_owners(app, numbered(3))
    smtp_sink.rcpt_replies[busy] = "450 4.2.1 mailbox busy, try later"
    smtp_sink.refuse.add(gone)
    first = send(expect=1)
    assert "2 sent through 127.0.0.1, 1 failed, 1 deferred, 2 not sent yet, 0 given up." \
        in first.stdout
    assert f"deferred (retried after a pause): {busy.split('@')[0]} <{busy}>: {busy}: 450" \
        in first.stderr
    assert f"failed: {gone.split('@')[0]} <{gone}>: {gone}: 550" in first.stderr
    state = deliveries(url)
    assert state[busy][:3] == ("deferred", 0, 1)  # counted apart from the permanent ones
    assert state[gone][:3] == ("failed", 1, 0)
    # The pause is 15 minutes by the database's clock.
    ((due,),) = execute(url, f"SELECT retry_after > {sql_now(postgres, 14 * 60)} AND"
                             f" retry_after < {sql_now(postgres, 16 * 60)} FROM deliveries"
                             " WHERE status = 'deferred'")
    assert due
    smtp_sink.refuse.clear()
    again = send()  # within the pause: the refused-for-good one is retried, the busy one not
    assert "1 sent" in again.stdout and "1 not sent yet" in again.stdout
    assert deliveries(url)[busy][:3] == ("deferred", 0, 1)
    let_time_pass(url)
    send()  # refused again: the pause doubles
    ((doubled,),) = execute(url, f"SELECT retry_after > {sql_now(postgres, 29 * 60)} FROM"
                                 " deliveries WHERE status = 'deferred'")
    assert doubled and deliveries(url)[busy][:3] == ("deferred", 0, 2)
    del smtp_sink.rcpt_replies[busy]
    let_time_pass(url)
    assert "1 sent" in send().stdout
    assert Counter(smtp_sink.recipients()) == Counter([busy, gone, fine, COORDINATOR])
    assert deliveries(url)[busy][:3] == ("sent", 1, 2)


def test_a_week_given_up_is_an_error_and_named_in_the_next_summary(app, config_file, send,
                                                                    smtp_sink, cli):
    config_file.write_text(config_file.read_text().replace(
        '[mail]\n', '[mail]\nmax_attempts = 1\nmax_deferrals = 1\n'))
    gone, busy, fine = make_owners(app, ["gone@example.org", "busy@example.org",
                                         "fine@example.org"])
    smtp_sink.refuse.add(gone)
    smtp_sink.rcpt_replies[busy] = "452 4.2.2 mailbox full"
    first = send(expect=1)
    assert "2 sent" in first.stdout and "0 not sent yet, 2 given up." in first.stdout
    assert first.stderr.endswith(
        f"Error: 2 mails of {WEEK} given up after repeated failures (`tracker digest status"
        f" --week {WEEK}` says why); retry with `tracker digest send --week {WEEK}"
        " --retry-given-up`\n")
    # The next run says so again: never "0 failed" and exit 0.
    assert send(expect=1).stdout.endswith("0 not sent yet, 2 given up.\n")
    with freeze_time(MONDAY):
        status = cli("digest", "status").output
    assert "gone@example.org" in status and "given up: gone@example.org: 550" in status
    assert "given up: busy@example.org: 452 4.2.2 mailbox full" in status
    assert status.endswith(f"2 given up: retry with `tracker digest send --week {WEEK}"
                           " --retry-given-up`\n")
    # The next week's coordinator summary names both; the week after does not again.
    smtp_sink.refuse.clear()
    smtp_sink.rcpt_replies.clear()
    send(at="2026-11-30 07:00:00")
    summary = [m for rcpts, m in smtp_sink.messages if rcpts == [COORDINATOR]][-1]
    text = summary.get_body(("plain",)).get_content()
    assert "NIET BEZORGD: OPGEGEVEN NA HERHAALDE POGINGEN (2)" in text
    assert f"{WEEK}  gone@example.org  gone@example.org: 550 5.1.1 mailbox unavailable" in text
    assert f"{WEEK}  busy@example.org  busy@example.org: 452 4.2.2 mailbox full" in text
    html = summary.get_body(("html",)).get_content()
    assert "gone@example.org" in html and "--retry-given-up" in html
    send(at="2026-12-07 07:00:00")
    later = [m for rcpts, m in smtp_sink.messages if rcpts == [COORDINATOR]][-1]
    assert "NIET BEZORGD" not in later.get_body(("plain",)).get_content()
    # Retried by hand, they go.
    retried = send("--week", WEEK, "--retry-given-up", at="2026-12-07 07:00:00")
    assert retried.stdout.startswith(f"Retrying 2 given-up deliveries of {WEEK}.\n{WEEK}: 2"
                                     " sent")
    assert Counter(smtp_sink.recipients())[gone] == 3  # W48 retried, W49, W50
    assert deliveries(app.config.database.url)[gone][0] == "sent"


def test_an_address_the_mail_library_rejects_fails_alone(app, send, smtp_sink):
    """An address stored before the one address rule (here written straight into the
    database) used to make the mail library raise mid-round: everyone after that owner, the
    coordinator summary included, got nothing."""
    url = app.config.database.url
    make_owners(app, ["placeholder@example.org"])
    execute(url, "UPDATE owners SET email = 'jan..jansen@example.org'")
    rest = make_owners(app, numbered(3))
    result = send(expect=1)
    assert "4 sent" in result.stdout and "1 given up" in result.stdout
    assert ("failed: the mail library refuses the message to 'jan..jansen@example.org': "
            in result.stderr)
    assert sorted(smtp_sink.recipients()) == sorted([*rest, COORDINATOR])
    status = deliveries(url)["jan..jansen@example.org"]
    assert status[:2] == ("given_up", 1) and status[4] is None  # not left claimed


# --- Message-IDs: a crash retry keeps it, a deliberate resend is a new mail ----------------

@pytest.mark.slow
def test_crash_retry_keeps_the_message_id_and_a_resend_gets_a_new_one(app, config_file,
                                                                       smtp_sink, send):
    """kill -9 in the window no SMTP client can close: the server has the message, the sender
    has not recorded it. The retry carries the same Message-ID, so clients show it once."""
    make_owners(app, numbered(3))
    env = smtp_env(config_file, smtp_sink)
    started: list[subprocess.Popen] = []
    smtp_sink.on_data = lambda message: (os.kill(started[0].pid, signal.SIGKILL)
                                         if not smtp_sink.messages else None)
    process = subprocess.Popen(tracker_cmd("digest", "send"), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started.append(process)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL and len(smtp_sink.messages) == 1
    smtp_sink.on_data = None
    subprocess.run(tracker_cmd("digest", "send"), env=env, check=True, capture_output=True)
    ids = Counter(m["Message-ID"] for _, m in smtp_sink.messages)
    assert len(smtp_sink.messages) == 5 and len(ids) == 4
    assert max(ids.values()) == 2  # the one in the window came twice, with the same id
    first_ids = set(ids)
    smtp_sink.messages.clear()
    result = subprocess.run(tracker_cmd("digest", "send", "--force-resend"), env=env,
                            capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Resending 4 deliveries")
    resent = {m["Message-ID"] for _, m in smtp_sink.messages}
    assert len(resent) == 4 and not resent & first_ids
    assert all(".r1@example.org>" in mid for mid in resent)


# --- the database fails mid-round -----------------------------------------------------------

def test_a_full_disk_during_a_round_stops_it_cleanly(tmp_path, sqlite_template, smtp_sink):
    """The issue: a traceback, then after freeing space one owner got two mails and another
    none, with claims left stuck. Now: one line, everything unsent still pending, and the
    next run completes the week (at most the message the server accepted as the disk filled
    comes twice, with the same Message-ID: the accept-before-record window)."""
    import shutil

    with small_disk(tmp_path / "disk", size_kb=2048) as disk:
        db_file = disk / "tracker.db"
        shutil.copy(sqlite_template, db_file)
        config_file = tmp_path / "config.toml"
        config_file.write_text(f'coordinators = ["{COORDINATOR}"]\n[database]\n'
                               f'url = "sqlite:///{db_file}"\n[mail]\n'
                               'sender = "tracker@example.org"\n', encoding="utf-8")
        config = load_config(config_file, env={})
        from tracker.core.context import App

        app = App(config, actor="t")
        emails = make_owners(app, numbered(30))
        app.close()
        env = smtp_env(config_file, smtp_sink)
        smtp_sink.on_data = lambda message: (fill(disk) if len(smtp_sink.messages) == 5
                                             else None)
        first = subprocess.run(tracker_cmd("digest", "send"), env=env, capture_output=True,
                               text=True)
        assert first.returncode == 6, first.stderr
        assert first.stderr == (f"Error: cannot write the database {db_file}: the disk is"
                                " full; the round stopped after 5 sent, the rest stays"
                                " pending for the next round\n")
        smtp_sink.on_data = None
        (disk / "filler").unlink()
        second = subprocess.run(tracker_cmd("digest", "send"), env=env, capture_output=True,
                                text=True)
        assert second.returncode == 0, second.stderr
        state = deliveries(config.database.url, _this_week())
    received = Counter(smtp_sink.recipients())
    assert set(received) == {*emails, COORDINATOR}
    assert sum(received.values()) <= len(received) + 1
    twice = [r for r, n in received.items() if n == 2]
    for recipient in twice:
        assert len({m["Message-ID"] for rcpts, m in smtp_sink.messages
                    if rcpts == [recipient]}) == 1
    assert {row[0] for row in state.values()} == {"sent"}
    assert all(row[4] is None for row in state.values())  # nothing left claimed


def pause_while_it_sends(process: subprocess.Popen, sink, after: int = 2) -> None:
    """SIGSTOP `process` when the server has `after` messages and is asked for the next
    recipient: the round is then paused in the middle of handing over a message whose claim
    it re-confirmed (the worst moment), never inside a database write."""
    def stop(address: str) -> None:
        if len(sink.messages) == after and sink.on_rcpt is not None:
            sink.on_rcpt = None
            process.send_signal(signal.SIGSTOP)

    sink.on_rcpt = stop
    wait_for(lambda: sink.on_rcpt is None)
    wait_for(lambda: _state(process.pid) == "T")


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().rpartition(")")[2].split()[0]


def _this_week() -> str:
    from tracker.clock import iso_week, today
    from tracker.config import Config

    return iso_week(today(Config().tz))


@pytest.mark.postgres
def test_postgres_killed_mid_round_stops_it_cleanly(pg_server, tmp_path, smtp_sink):
    import psycopg

    url = pg_server.fresh()
    config_file = tmp_path / "config.toml"
    config_file.write_text(f'coordinators = ["{COORDINATOR}"]\n[database]\nurl = "{url}"\n'
                           '[mail]\nsender = "tracker@example.org"\n', encoding="utf-8")
    from tracker.core.context import App

    app = App(load_config(config_file, env={}), actor="t")
    emails = make_owners(app, numbered(10))
    app.close()
    database = url.rsplit("/", 1)[1]

    def terminate(message) -> None:
        if len(smtp_sink.messages) == 3:
            with psycopg.connect(pg_server.url.replace("+psycopg", ""), autocommit=True) as c:
                c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                          " WHERE datname = %s AND pid <> pg_backend_pid()", (database,))

    smtp_sink.on_data = terminate
    env = smtp_env(config_file, smtp_sink)
    first = subprocess.run(tracker_cmd("digest", "send"), env=env, capture_output=True,
                           text=True)
    assert first.returncode == 6, first.stderr
    assert first.stderr.startswith(f"Error: lost the connection to the database {url} (")
    assert first.stderr.count("\n") == 1
    smtp_sink.on_data = None
    second = subprocess.run(tracker_cmd("digest", "send"), env=env, capture_output=True,
                            text=True)
    assert second.returncode == 0, second.stderr
    received = Counter(smtp_sink.recipients())
    assert set(received) == {*emails, COORDINATOR}
    assert sum(received.values()) <= len(received) + 1  # the accept-before-record window
    state = deliveries(url, _this_week())
    assert {row[0] for row in state.values()} == {"sent"}
    assert all(row[4] is None for row in state.values())


# --- a paused round beside a second one, and clocks that disagree --------------------------

@pytest.mark.slow
def test_a_paused_round_doubles_at_most_the_message_it_was_sending(app, config_file,
                                                                    smtp_sink):
    """SIGSTOP (a VM freeze, a laptop lid) for longer than the lease while a second round
    runs: the issue counted 15 duplicates, the paused process's whole batch of claims. The
    pause is made 16 minutes long by ageing the claims in the database, whose clock judges
    leases."""
    url = app.config.database.url
    emails = make_owners(app, numbered(30))
    env = smtp_env(config_file, smtp_sink)
    paused = subprocess.Popen(tracker_cmd("digest", "send"), env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    pause_while_it_sends(paused, smtp_sink)
    try:
        held = [r for r, row in deliveries(url, _this_week()).items()
                if row[4] is not None and row[0] != "sent"]
        assert len(held) > 1  # it holds a batch of claims
        postgres = url.startswith("postgres")
        execute(url, f"UPDATE deliveries SET claimed_at = {sql_now(postgres, -16 * 60)}"
                     " WHERE claimed_by IS NOT NULL")
        second = subprocess.run(tracker_cmd("digest", "send"), env=env, capture_output=True,
                                text=True, timeout=120)
        assert second.returncode == 0, second.stderr
    finally:
        paused.send_signal(signal.SIGCONT)
    out, err = paused.communicate(timeout=120)
    assert paused.returncode == 0, err
    assert "taken over by another round" in err
    received = Counter(smtp_sink.recipients())
    assert set(received) == {*emails, COORDINATOR}
    assert sum(received.values()) - len(received) <= 1
    assert all(row[4] is None for row in deliveries(url, _this_week()).values())


SKEWED_CHILD = """
import contextlib, sys
from datetime import datetime, timedelta
with contextlib.suppress(ImportError):
    import psycopg  # before freezegun patches datetime (see tests/conftest.py)
from freezegun import freeze_time
with freeze_time(datetime.now() + timedelta(minutes=int(sys.argv[1])), tick=True):
    from tracker.cli.main import cli
    cli(sys.argv[2:], prog_name="tracker")
"""


LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


def _skewed(minutes: int, how: str, env: dict) -> tuple[list[str], dict]:
    """A `digest send` whose clock is `minutes` off. libfaketime is preloaded directly
    (the faketime program would fork, and a signal to it would miss the round)."""
    # The week named, so that a clock across midnight on Sunday still sends the same week.
    send = ["digest", "send", "--week", _this_week(), "--force"]
    if how == "faketime":
        return tracker_cmd(*send), {**env, "LD_PRELOAD": LIBFAKETIME,
                                    "FAKETIME": f"{minutes:+d}m"}
    return [sys.executable, "-c", SKEWED_CHILD, str(minutes), *send], env


@pytest.mark.slow
@pytest.mark.parametrize("how", ["freezegun", pytest.param("faketime", marks=pytest.mark.skipif(
    not os.path.exists(LIBFAKETIME), reason="libfaketime is not installed"))])
def test_a_clock_twenty_minutes_ahead_takes_no_fresh_claim(app, config_file, smtp_sink, how):
    """The issue counted 13 duplicates between two processes whose clocks were 20 minutes
    apart: each judged the other's claims by its own clock, so the one ahead took over every
    fresh claim of the one behind. Leases are judged by the database's clock now: the round
    ahead leaves the claims of the round behind alone (that one is stopped here while it holds
    them, to look), and each mail goes once. faketime moves every clock of a process, SQLite's
    included (SQLite's clock is its host's, which two processes on one host share in reality),
    so it runs on PostgreSQL, whose clock is the server's; freezegun moves Python's clock
    only, on both databases."""
    url = app.config.database.url
    if how == "faketime" and not url.startswith("postgres"):
        pytest.skip("faketime moves SQLite's clock with the process: only PostgreSQL has a"
                    " clock of its own")
    emails = make_owners(app, numbered(30))
    env = smtp_env(config_file, smtp_sink)
    argv, skewed_env = _skewed(-20, how, env)
    behind = subprocess.Popen(argv, env=skewed_env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    pause_while_it_sends(behind, smtp_sink, after=1)
    try:
        held = {r: row[4] for r, row in deliveries(url, _this_week()).items()
                if row[4] is not None and row[0] != "sent"}
        assert len(held) > 1
        argv, skewed_env = _skewed(20, how, env)
        ahead = subprocess.run(argv, env=skewed_env, capture_output=True, text=True,
                               timeout=120)
        assert ahead.returncode == 0, ahead.stderr
        state = deliveries(url, _this_week())
        assert {r: state[r][4] for r in held} == held  # still theirs, not taken over
        assert f"{len(held)} not sent yet" in ahead.stdout
    finally:
        behind.send_signal(signal.SIGCONT)
    out, err = behind.communicate(timeout=120)
    assert behind.returncode == 0, err
    assert Counter(smtp_sink.recipients()) == Counter([*emails, COORDINATOR])


# --- secrets over SMTP ------------------------------------------------------------------------

def test_a_login_over_plain_smtp_is_refused(tmp_path, smtp_config, monkeypatch):
    from tracker.errors import ConfigError, MailError
    from tracker.mail.transports import SmtpTransport

    path = tmp_path / "smtp.toml"
    text = ('[mail]\ntransport = "smtp"\n[smtp]\nsecurity = "plain"\nusername = "tracker"\n')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, env={})
    assert str(error.value) == (f"{path}: smtp.security = \"plain\" would send the password"
                                " of smtp.username unencrypted: use starttls or ssl, or set"
                                " smtp.allow_plaintext_login = true")
    path.write_text(text + "allow_plaintext_login = true\n", encoding="utf-8")
    assert load_config(path, env={}).smtp.allow_plaintext_login is True
    with pytest.raises(ConfigError, match="would send the password"):
        load_config(path, env={"TRACKER_SMTP_ALLOW_PLAINTEXT_LOGIN": "no"})
    with pytest.raises(ConfigError, match="TRACKER_SMTP_ALLOW_PLAINTEXT_LOGIN: must be true"):
        load_config(path, env={"TRACKER_SMTP_ALLOW_PLAINTEXT_LOGIN": "maybe"})
    # The transport refuses too, before the password leaves (a config built in code).
    monkeypatch.setenv("TRACKER_SMTP_PASSWORD", "hunter2")
    unsafe = smtp_config.replace(smtp=smtp_config.smtp.replace(username="tracker"))
    from email.message import EmailMessage

    with pytest.raises(MailError, match="would send the password"):
        SmtpTransport(unsafe).send(EmailMessage())


def test_the_given_up_list_fits_a_phone(app, config, page_at):
    """The summary's "not delivered" block, with a long address and a long reason, fits 360 px
    in Chromium without horizontal scrolling."""
    from tracker.mail.digest import coordinator_summary
    from tracker.mail.render import render_summary

    long_address = ("anna.de.vries-van-der-heijden.internationale.zaken"
                    "@gemeente-denhaag.example.org")
    make_owners(app, [long_address])
    with freeze_time(MONDAY):
        from tracker.mail import outbox

        outbox.plan_round(app.sessions(), config, WEEK, datetime.now(UTC))
    execute(config.database.url, "UPDATE deliveries SET status = 'given_up', last_error ="
                                 f" '{long_address}: 552 5.2.2 mailbox over quota;"
                                 "/mailbox/quota/exceeded/by/a/lot/of/bytes/for/weeks'")
    with app.sessions()() as session:
        summary = coordinator_summary(session, "2026-W49", date(2026, 11, 30), config.tz, "nl",
                                      28)
    assert [d.recipient for d in summary.undelivered] == sorted([long_address, COORDINATOR])
    page = page_at(360, render_summary(summary, config).html)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Niet bezorgd" in page.inner_text("body")
