"""APScheduler wiring: the weekly cron job, a retry sweep, and the catch-up at start.

The exactly-once guarantee lives in the outbox (tracker.mail), not here: APScheduler 3 cannot
share a job store between processes, so every scheduler keeps its jobs in memory and any number
of them may run against one database.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from tracker.clock import iso_week, now
from tracker.config import Config
from tracker.errors import ConfigError, TrackerError, bug_report

log = logging.getLogger("tracker.scheduler")
JOB_ID = "weekly-digest"
RETRY_ID = "retry-pending"
RETRY_MINUTES = 15
# Late firings (the host slept through the slot) still run within the week; our own check
# decides whether the round is still owed.
MISFIRE_GRACE = int(timedelta(days=7).total_seconds())
_CRON_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _crontab_days(field: str) -> str:
    """Crontab numbers weekdays from Sunday (0 or 7); APScheduler 3 from Monday. Names mean the
    same to both, so numbers become names (ranges are spelled out: 'sun-thu' would not wrap)."""
    def day(token: str) -> str:
        return _CRON_DAYS[int(token)] if token.isdigit() else token

    parts = []
    for part in field.split(","):
        match = re.fullmatch(r"(\d)-(\d)", part)
        if match:
            first, last = int(match.group(1)), int(match.group(2))
            parts += [_CRON_DAYS[d] for d in range(first, last + 1)]
        else:
            parts.append(day(part) if re.fullmatch(r"\d", part) else part)
    return ",".join(dict.fromkeys(parts))


def make_trigger(config: Config, cron: str | None = None):
    """The weekly trigger in the configured zone. A five-field cron expression (or six, with
    seconds first) wins over day_of_week/hour/minute. ConfigError naming the field that is
    wrong, or saying that the expression never fires."""
    from apscheduler.triggers.cron import CronTrigger

    from tracker.cron import check

    expression = cron if cron is not None else config.schedule.cron
    where = "--cron" if cron is not None else f"{config.source}: schedule"
    try:
        if expression:
            check(expression)
            fields = expression.split()
            second = fields.pop(0) if len(fields) == 6 else "0"
            minute, hour, day, month, dow = fields
            trigger = CronTrigger(second=second, minute=minute, hour=hour, day=day,
                                  month=month, day_of_week=_crontab_days(dow),
                                  timezone=config.tz)
        else:
            trigger = CronTrigger(day_of_week=config.schedule.day_of_week,
                                  hour=config.schedule.hour, minute=config.schedule.minute,
                                  timezone=config.tz)
    except ValueError as exc:  # tracker.cron's CronError, or APScheduler's own
        raise ConfigError(f"{where}: {exc}") from None
    if trigger.get_next_fire_time(None, now()) is None:  # 31 April, or 30 Feb on a Monday
        raise ConfigError(f"{where}: {expression!r} never fires")
    return trigger


def next_runs(trigger, count: int, start: datetime) -> list[datetime]:
    runs: list[datetime] = []
    previous = None
    moment = start
    while len(runs) < count:
        fire = trigger.get_next_fire_time(previous, moment)
        if fire is None:
            break
        runs.append(fire)
        previous, moment = fire, fire + timedelta(microseconds=1)
    return runs


def upcoming(config: Config, count: int, start: datetime, cron: str | None = None
             ) -> list[datetime]:
    """The next `count` rounds after start, of the configured schedule or of `cron`."""
    return next_runs(make_trigger(config, cron), count, start)


def last_slot_this_week(trigger, config: Config, moment: datetime) -> datetime | None:
    """The latest slot at or before `moment` in moment's ISO week (configured zone)."""
    local = moment.astimezone(config.tz)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()),
                              datetime.min.time(), config.tz)
    last = None
    for fire in next_runs(trigger, 50, monday):
        if fire > moment:
            break
        last = fire
    return last


def round_owed(sessions, trigger, config: Config, moment: datetime) -> bool:
    """Whether this week's slot has passed, within the grace, without a completed round."""
    from tracker.mail.outbox import round_completed

    slot = last_slot_this_week(trigger, config, moment)
    if slot is None:
        return False
    period = iso_week(moment.astimezone(config.tz).date())
    with sessions() as session:
        if round_completed(session, period):
            return False
    grace = config.schedule.catch_up_hours
    if grace and moment - slot > timedelta(hours=grace):
        log.warning("round %s not caught up: its slot (%s) passed more than"
                    " schedule.catch_up_hours = %d hours ago; send it with `tracker digest"
                    " send` if it is still wanted", period, slot.isoformat(), grace)
        return False
    return True


LOOK_BACK_WEEKS = 8


def missed_weeks(sessions, trigger, config: Config, moment: datetime) -> list[str]:
    """What the weeks before this one left undone, one sentence each: a week whose slot
    passed without any round (the scheduler was down), and a week whose round ended owing
    mails. A missed week is not sent late (this week's digests cover the same open actions);
    it is reported. Weeks before the first round ever run are no one's concern."""
    from sqlalchemy import func, select

    from tracker.clock import week_start
    from tracker.core.models import Delivery, DigestRound
    from tracker.mail.outbox import OWED

    this_monday = week_start(iso_week(moment.astimezone(config.tz).date()))
    weeks = [iso_week(this_monday - timedelta(weeks=n)) for n in range(LOOK_BACK_WEEKS, 0, -1)]
    with sessions() as session:
        first = session.scalar(select(func.min(DigestRound.period)))
        started = set(session.scalars(select(DigestRound.period)
                                      .where(DigestRound.period.in_(weeks))))
        owing = dict(session.execute(
            select(Delivery.period, func.count()).where(Delivery.period.in_(weeks),
                                                        Delivery.status.in_(OWED))
            .group_by(Delivery.period)).all())
    found = []
    for week in weeks:
        if first is None or week < first:
            continue
        monday = datetime.combine(week_start(week), datetime.min.time(), config.tz)
        slots = next_runs(trigger, 1, monday)
        if week not in started and slots and slots[0] < monday + timedelta(days=7):
            found.append(f"week {week} was missed: no round ran (the scheduler was not"
                         " running at its slot); its digests were not sent")
        elif owing.get(week):
            found.append(f"week {week} ended with {owing[week]} mails not sent (see"
                         f" `tracker digest status --week {week}`)")
    return found


class Runner:
    """Runs digest rounds one at a time and stops between deliveries when asked."""

    def __init__(self, config: Config, sessions, transport_factory: Callable | None = None):
        self.config = config
        self.sessions = sessions
        self.transport_factory = transport_factory
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    def run_round(self, reason: str) -> None:
        from tracker.mail.outbox import send_round
        from tracker.mail.transports import make_transport

        if self.stopping.is_set():
            return
        with self.lock:
            moment = now()
            period = iso_week(moment.astimezone(self.config.tz).date())
            log.info("round %s started (%s)", period, reason)
            transport = (self.transport_factory or make_transport)(self.config)
            try:
                result = send_round(self.sessions, self.config, period,
                                    moment.astimezone(self.config.tz).date(), now, transport,
                                    should_stop=self.stopping.is_set)
            except TrackerError as exc:  # the database failed: one line, no traceback
                log.error("round %s stopped: %s", period, exc)
                return
            except Exception:
                from tracker import __version__

                log.exception("round %s crashed; the next round picks it up. %s", period,
                              bug_report(__version__))
                return
            log.info("round %s finished: %d sent, %d failed, %d deferred, %d skipped,"
                     " %d not sent yet, %d given up%s", period, result.sent, result.failed,
                     result.deferred, result.skipped, result.pending, result.given_up,
                     f" (stopped: {result.stopped})" if result.stopped else "")

    def retry_if_owed(self) -> None:
        """Between slots: finish a started round that the mail server interrupted."""
        from tracker.core.models import DigestRound
        from tracker.mail.outbox import round_completed

        period = iso_week(now().astimezone(self.config.tz).date())
        with self.sessions() as session:
            started = session.get(DigestRound, period) is not None
            done = round_completed(session, period)
        if started and not done:
            self.run_round("retry")


def run(config: Config, sessions, cron: str | None = None) -> int:
    """Run in the foreground until SIGTERM or SIGINT; returns the exit code."""
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    from tracker.web.links import link_maker

    trigger = make_trigger(config, cron)
    link_maker(config, now())  # with web.base_url, no start without the secret (ConfigError)
    runner = Runner(config, sessions)
    scheduler = BlockingScheduler(timezone=config.tz)

    def stop(signum, _frame) -> None:
        log.info("received %s: finishing the delivery in progress, then stopping",
                 signal.Signals(signum).name)
        runner.stopping.set()
        if scheduler.running:
            scheduler.shutdown(wait=False)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        scheduler.add_job(runner.run_round, trigger, args=["schedule"], id=JOB_ID,
                          replace_existing=True, coalesce=True, max_instances=1,
                          misfire_grace_time=MISFIRE_GRACE)
        scheduler.add_job(runner.retry_if_owed, IntervalTrigger(minutes=RETRY_MINUTES),
                          id=RETRY_ID, replace_existing=True, coalesce=True,
                          max_instances=1)
        upcoming = next_runs(trigger, 1, now())
        log.info("scheduler started; next round %s",
                 upcoming[0].isoformat() if upcoming else "never")
        for missed in missed_weeks(sessions, trigger, config, now()):
            log.warning(missed)
        if round_owed(sessions, trigger, config, now()):
            runner.run_round("catch-up: this week's slot passed without a completed round")
        if not runner.stopping.is_set():
            scheduler.start()
    finally:
        runner.stopping.set()
        with runner.lock:  # wait for a round still running in the executor
            pass
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("scheduler stopped")
    return 0
