"""The scheduler: DST-correct triggers, catch-up after downtime, and exactly-once delivery with
concurrent rounds, a killed process and a real `tracker scheduler run`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from freezegun import freeze_time

from tracker import scheduler
from tracker.clock import now
from tracker.core import actions, owners
from tracker.core.orm import make_engine, session_factory, transaction
from tracker.errors import ConfigError
from tracker.mail import outbox

AMS = "Europe/Amsterdam"


def make_owners(app, count: int) -> list[str]:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    emails = [f"owner{i:02d}@example.org" for i in range(count)]
    with transaction(app.sessions()) as s:
        for email in emails:
            owner = owners.add_owner(s, email.split("@")[0], email)
            actions.create_actions(s, [actions.NewAction(
                f"Actie van {email}", owner=owner, due=date(2026, 12, 1), due_source="manual")],
                "t", at)
    return emails


def smtp_env(config_file, sink, extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_CONFIG=str(config_file), TRACKER_MAIL_TRANSPORT="smtp",
               TRACKER_SMTP_HOST="127.0.0.1", TRACKER_SMTP_PORT=str(sink.port),
               TRACKER_SMTP_SECURITY="plain", **(extra or {}))
    return env


def tracker_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", *args]


def wait_for(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


# --- triggers -----------------------------------------------------------------------------------

@pytest.mark.parametrize("start, expected", [
    # Spring forward on Sunday 29 March 2026: 08:00 stays 08:00 local, 06:00 UTC.
    ("2026-03-25 12:00:00", ["2026-03-30 08:00 CEST", "2026-04-06 08:00 CEST"]),
    ("2026-03-20 12:00:00", ["2026-03-23 08:00 CET", "2026-03-30 08:00 CEST"]),
    # Fall back on Sunday 25 October 2026.
    ("2026-10-20 12:00:00", ["2026-10-26 08:00 CET", "2026-11-02 08:00 CET"]),
    ("2026-10-16 12:00:00", ["2026-10-19 08:00 CEST", "2026-10-26 08:00 CET"]),
])
def test_weekly_trigger_across_dst(config, start, expected):
    trigger = scheduler.make_trigger(config)
    with freeze_time(start):
        runs = scheduler.next_runs(trigger, 2, now())
    assert [f"{r:%Y-%m-%d %H:%M %Z}" for r in runs] == expected
    assert all(r.weekday() == 0 and r.hour == 8 for r in runs)


@pytest.mark.parametrize("cron, weekday", [("0 8 * * 1", 0), ("0 8 * * mon", 0),
                                           ("0 8 * * 0", 6), ("0 8 * * 7", 6),
                                           ("30 7 * * 5", 4)])
def test_cron_weekdays_mean_what_crontab_means(config, cron, weekday):
    with freeze_time("2026-11-23 12:00:00"):
        (run,) = scheduler.next_runs(scheduler.make_trigger(config, cron), 1, now())
    assert run.weekday() == weekday


def test_cron_ranges_and_config_form(config):
    trigger = scheduler.make_trigger(config, "0 9 * * 1-5")
    with freeze_time("2026-11-23 12:00:00"):
        runs = scheduler.next_runs(trigger, 5, now())
    assert [r.weekday() for r in runs] == [1, 2, 3, 4, 0]
    configured = config.replace(schedule=config.schedule.replace(cron="15 7 * * 3"))
    with freeze_time("2026-11-23 12:00:00"):
        (run,) = scheduler.next_runs(scheduler.make_trigger(configured), 1, now())
    assert f"{run:%a %H:%M}" == "Wed 07:15"
    with pytest.raises(ConfigError, match="--cron: "):
        scheduler.make_trigger(config, "0 8 * * funday")


def test_scheduler_next_command(cli):
    with freeze_time("2026-03-25 12:00:00"):
        out = cli("scheduler", "next", "--count", "2").output
    assert out == ("2026-03-30 08:00 CEST (Mon)  2026-W14\n"
                   "2026-04-06 08:00 CEST (Mon)  2026-W15\n")


# --- catch-up -----------------------------------------------------------------------------------

def test_catch_up_runs_once_after_a_missed_slot(app, smtp_config, smtp_sink):
    emails = make_owners(app, 3)
    trigger = scheduler.make_trigger(smtp_config)
    runner = scheduler.Runner(smtp_config, app.sessions())
    with freeze_time("2026-11-23 06:59:00"):  # Monday 07:59: the slot is still ahead
        assert not scheduler.round_owed(app.sessions(), trigger, smtp_config, now())
    with freeze_time("2026-11-24 10:00:00"):  # Tuesday: Monday's slot was missed
        assert scheduler.round_owed(app.sessions(), trigger, smtp_config, now())
        runner.run_round("catch-up")
        assert sorted(smtp_sink.recipients()) == sorted([*emails, "coordinator@example.org"])
        for _ in range(10):  # ten restarts in the same week
            assert not scheduler.round_owed(app.sessions(), trigger, smtp_config, now())
    assert len(smtp_sink.messages) == 4
    with freeze_time("2026-11-30 06:30:00"):  # next Monday 07:30, before the slot
        assert not scheduler.round_owed(app.sessions(), trigger, smtp_config, now())


def test_catch_up_grace(app, smtp_config):
    make_owners(app, 1)
    config = smtp_config.replace(schedule=smtp_config.schedule.replace(catch_up_hours=24))
    trigger = scheduler.make_trigger(config)
    with freeze_time("2026-11-24 06:00:00"):  # 23 hours after the slot
        assert scheduler.round_owed(app.sessions(), trigger, config, now())
    with freeze_time("2026-11-24 08:00:00"):  # 25 hours after
        assert not scheduler.round_owed(app.sessions(), trigger, config, now())


def test_an_unfinished_round_is_retried(app, smtp_config, smtp_sink):
    make_owners(app, 2)
    runner = scheduler.Runner(smtp_config, app.sessions())
    smtp_sink.stop()
    with freeze_time("2026-11-23 07:00:00"):
        runner.run_round("schedule")
    assert smtp_sink.messages == []
    smtp_sink.start()
    with freeze_time("2026-11-23 07:15:00"):
        runner.retry_if_owed()
        assert len(smtp_sink.messages) == 3
        runner.retry_if_owed()
    assert len(smtp_sink.messages) == 3


# --- concurrency --------------------------------------------------------------------------------

def test_two_rounds_in_threads_send_each_mail_once(app, smtp_config, smtp_sink):
    emails = make_owners(app, 45)  # more than two claim batches
    smtp_sink.delay_rcpt = 0.03
    results = []
    start = threading.Barrier(2)

    def one_round():
        engine = make_engine(smtp_config.database.url)
        start.wait()
        try:
            results.append(outbox.send_round(session_factory(engine), smtp_config, "2026-W48",
                                           date(2026, 11, 23), now))
        finally:
            engine.dispose()

    threads = [threading.Thread(target=one_round) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = sorted([*emails, "coordinator@example.org"])
    assert smtp_sink.recipients() == expected
    assert sum(r.sent for r in results) == len(expected)
    assert all(r.sent > 0 for r in results)  # both really worked, neither waited it out


@pytest.mark.slow
def test_two_processes_send_each_mail_once(app, config_file, smtp_sink):
    emails = make_owners(app, 12)
    smtp_sink.delay_rcpt = 0.05
    env = smtp_env(config_file, smtp_sink)
    processes = [subprocess.Popen(tracker_cmd("digest", "send"), env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert smtp_sink.recipients() == sorted([*emails, "coordinator@example.org"])


@pytest.mark.slow
def test_kill_minus_nine_mid_round_then_restart(app, config_file, smtp_sink):
    emails = make_owners(app, 10)
    smtp_sink.delay_rcpt = 0.3  # slow before the server accepts anything
    env = smtp_env(config_file, smtp_sink)
    first = subprocess.Popen(tracker_cmd("scheduler", "run"), env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for(lambda: len(smtp_sink.messages) >= 3)
    # Kill it while the server is slow on the next recipient, not in the instant between the
    # server storing a message and the sender recording it: that window is the one no SMTP
    # client can close (README, "exactly once"), and killing on the server's count would aim
    # straight at it.
    time.sleep(0.15)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    assert len(smtp_sink.messages) < 11  # it really died in the middle
    second = subprocess.Popen(tracker_cmd("scheduler", "run"), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    expected = sorted([*emails, "coordinator@example.org"])
    try:
        wait_for(lambda: len(smtp_sink.messages) >= len(expected), timeout=60)
        time.sleep(0.5)  # a duplicate would arrive now
    finally:
        second.send_signal(signal.SIGTERM)
        _, log = second.communicate(timeout=30)
    assert second.returncode == 0, log
    assert smtp_sink.recipients() == expected
    assert "catch-up" in log


@pytest.mark.slow
def test_scheduler_run_fires_on_its_trigger_and_stops_on_sigterm(app, config_file, smtp_sink):
    """However long the child takes to start: the trigger fires every two seconds, and this
    week's round is recorded as completed, so no catch-up is owed at start (a slot pinned three
    seconds ahead used to pass before a slow child was up, and the catch-up sent the mail)."""
    from datetime import timedelta

    from tracker.clock import iso_week, today
    from tracker.core.models import DigestRound

    emails = make_owners(app, 2)
    three_weeks_ago = iso_week(today(app.config.tz) - timedelta(weeks=3))
    with transaction(app.sessions()) as session:
        session.add(DigestRound(period=iso_week(today(app.config.tz)), started_at=now(),
                                completed_at=now()))
        # The two weeks between that round and this week's had none: reported at start.
        session.add(DigestRound(period=three_weeks_ago, started_at=now(), completed_at=now()))
    env = smtp_env(config_file, smtp_sink)
    process = subprocess.Popen(tracker_cmd("scheduler", "run", "--cron", "*/2 * * * * *"),
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: len(smtp_sink.messages) >= 3, timeout=120)
    finally:
        process.send_signal(signal.SIGTERM)
        _, log = process.communicate(timeout=30)
    assert process.returncode == 0, log
    assert smtp_sink.recipients() == sorted([*emails, "coordinator@example.org"])
    assert "(schedule)" in log and "catch-up" not in log
    assert log.count(" was missed: no round ran") == 2, log
    assert "received SIGTERM" in log and log.rstrip().endswith("scheduler stopped")
    assert Path(config_file).exists()
