"""Shared fixtures: databases built by the real migrations (SQLite and PostgreSQL), a config,
a CLI runner, and the seed reports."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import freezegun
import pytest
from click.testing import CliRunner

# Imported before freezegun patches datetime, or psycopg's C extension warns about its size.
with contextlib.suppress(ImportError):
    import psycopg  # noqa: F401

from tracker.config import load_config
from tracker.core import migrations
from tracker.core.orm import make_engine

# The browser fixtures (Chromium through Playwright): tests/browser.py.
pytest_plugins = ["tests.browser"]

# pytest's own timer must see real time, or `pytest --durations` prints the frozen clock.
freezegun.configure(extend_ignore_list=["_pytest"])

SEEDS_DIR = Path(__file__).parent / "fixtures" / "seeds"
PG_ENV = "TRACKER_TEST_POSTGRES_URL"


@dataclass
class TestDatabase:
    backend: str
    url: str


def _pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def _pg_reachable(url: str) -> str | None:
    """None when reachable, else the reason."""
    import psycopg

    try:
        psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                        connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"PostgreSQL tests skipped: {PG_ENV} unreachable: {str(exc).strip().splitlines()[0]}"
    return None


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def _pg_execute(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"),
                         autocommit=True) as conn:
        conn.execute(sql)


class PostgresServer:
    """Creates throw-away databases on the test server; a template is migrated once per run."""

    def __init__(self, url: str):
        self.url = url
        self.prefix = f"trk_{uuid.uuid4().hex[:8]}"
        self.template: str | None = None
        self.created: list[str] = []

    def fresh(self, migrated: bool = True) -> str:
        if migrated and self.template is None:
            self.template = f"{self.prefix}_tpl"
            _pg_execute(self.url, f'CREATE DATABASE "{self.template}"')
            self.created.append(self.template)
            engine = make_engine(_with_database(self.url, self.template))
            migrations.upgrade(engine)
            engine.dispose()
        name = f"{self.prefix}_{len(self.created)}"
        template = f' TEMPLATE "{self.template}"' if migrated else ""
        _pg_execute(self.url, f'CREATE DATABASE "{name}"{template}')
        self.created.append(name)
        return _with_database(self.url, name)

    def drop_all(self) -> None:
        for name in reversed(self.created):
            _pg_execute(self.url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_server():
    url = _pg_admin_url()
    if url is None:
        pytest.skip(f"PostgreSQL tests skipped: set {PG_ENV} (e.g. "
                    "postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    if reason := _pg_reachable(url):
        pytest.skip(reason)
    server = PostgresServer(url)
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    engine.dispose()
    return path


def _fresh_database(request, tmp_path: Path, migrated: bool) -> TestDatabase:
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server")
        return TestDatabase("postgres", server.fresh(migrated))
    path = tmp_path / "tracker.db"
    if migrated:
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        path.chmod(0o600)
    return TestDatabase("sqlite", f"sqlite:///{path}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path) -> TestDatabase:
    """A database at the head revision, on each backend."""
    return _fresh_database(request, tmp_path, migrated=True)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request, tmp_path) -> TestDatabase:
    """An empty database (no schema), on each backend."""
    return _fresh_database(request, tmp_path, migrated=False)


@pytest.fixture
def config_file(tmp_path, db) -> Path:
    """A config.toml that points at the test database and a private outbox."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'timezone = "Europe/Amsterdam"\n'
        f'coordinators = ["coordinator@example.org"]\n'
        f'[database]\nurl = "{db.url}"\n'
        f'[mail]\ntransport = "file"\noutbox = "outbox"\nsender = "tracker@example.org"\n'
        f'[teams]\n"Resilience team" = "resilience@example.org"\n',
        encoding="utf-8")
    return path


@pytest.fixture
def config(config_file):
    return load_config(config_file, env={})


@pytest.fixture
def sql(config):
    """sql(statement, params) -> the rows of one statement on the test database, as tuples."""
    from tracker.core.database import Connection

    def run(statement: str, params: dict | None = None) -> list[tuple]:
        conn = Connection(config.database.url)
        try:
            return [tuple(row) for row in conn.execute(statement, params or {}).fetchall()]
        finally:
            conn.close()

    return run


@pytest.fixture
def app(config):
    from tracker.core.context import App

    application = App(config=config, actor="tester")
    yield application
    application.close()


@pytest.fixture
def cli(config_file, monkeypatch):
    """Run `tracker ...` in-process; returns the click Result."""
    from tracker.cli.main import cli as root

    for name in list(os.environ):
        if name.startswith("TRACKER_") and name != PG_ENV:
            monkeypatch.delenv(name)
    runner = CliRunner()

    def run(*args: str, ok: bool = True, input: str | None = None):
        result = runner.invoke(root, ["--config", str(config_file), "--as", "tester", *args],
                               input=input, catch_exceptions=not ok)
        if ok:
            assert result.exit_code == 0, result.output + (result.stderr or "")
        return result

    return run


@pytest.fixture
def seeds() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt"))


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a loopback port of its own that keeps what it receives
    and can refuse: the connection (`greeting`), every sender (`mail_reply`), one recipient
    for good (`refuse`) or with any reply (`rcpt_replies`), every message (`data_reply`);
    drop a connection once, be slow, or run `on_rcpt` and `on_data` before it answers."""

    def __init__(self):
        self.messages: list = []
        self.refuse: set[str] = set()
        self.rcpt_replies: dict[str, str] = {}  # address -> reply, e.g. "450 4.2.1 busy"
        self.greeting: str | None = None  # e.g. "421 4.3.2 too busy": refuses connections
        self.mail_reply: str | None = None  # e.g. "451 4.3.0 try again later"
        self.data_reply: str | None = None
        self.on_data = None  # called with the message before the server accepts it
        self.on_rcpt = None  # called with each recipient before the server answers
        self.drop_next_mail = False
        self.delay_rcpt = 0.0
        self.port = 0  # the first start() takes a port the system picks; restarts reuse it
        self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, options):
        import asyncio

        if self.on_rcpt is not None:
            self.on_rcpt(address)
        if self.delay_rcpt:
            await asyncio.sleep(self.delay_rcpt)
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        if reply := self.rcpt_replies.get(address.lower()):
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self.drop_next_mail:
            self.drop_next_mail = False
            server.transport.close()
            return "421 4.3.0 closing connection"
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email
        import email.policy

        if self.data_reply:
            return self.data_reply
        message = email.message_from_bytes(envelope.original_content,
                                           policy=email.policy.default)
        if self.on_data is not None:
            self.on_data(message)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def recipients(self) -> list[str]:
        return sorted(r for rcpts, _ in self.messages for r in rcpts)

    def start(self):
        from tests.smtp import AnyPortController

        # A stopped controller cannot start again: a restart is a new server, same port.
        self.controller = AnyPortController(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.port = self.controller.port

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_config(config, smtp_sink):
    """The test config, sending through the aiosmtpd sink."""

    return config.replace(mail=config.mail.replace(transport="smtp"),
        smtp=config.smtp.replace(host="127.0.0.1", port=smtp_sink.port,
                                 security="plain", timeout=5))
