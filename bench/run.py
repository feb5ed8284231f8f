"""tracker's benchmarks, in one run: every tracker figure beside its floor and its peer,
measured as whole processes (median, min and max of several cold runs) on this machine now.

    make bench                          # 1k, 10k, 100k and 1M actions (about 10 minutes)
    .venv/bin/python bench/run.py --smoke   # tiny sizes, seconds; the test suite runs this

Writes bench/results.json and prints a table. tracker is measured as users install it: a wheel
in its own virtual environment (the editable install of the checkout adds an import hook).
Timing is never asserted here: the figures are reported, as ratios to what was measured beside
them, because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.clock import today  # noqa: E402  (after the path: the checkout's tracker)
from tracker.config import Config  # noqa: E402

TODAY = today(Config().tz)  # tracker's today: the default zone, as the bench config has it
BENCH_OWNER = "bench@example.org"

FLOOR_OWNER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
(owner,) = conn.execute("SELECT id FROM owners WHERE email = ?", (sys.argv[2],)).fetchone()
for row in conn.execute("SELECT a.id, a.due_date, a.title, r.title FROM actions a"
                        " LEFT JOIN reports r ON r.id = a.report_id"
                        " WHERE a.owner_id = ? AND a.status = 'open'"
                        " ORDER BY a.due_date, a.id", (owner,)):
    print(*row)
"""

FLOOR_ALL = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
where = "AND a.due_date < ?" if sys.argv[2] == "overdue" else "AND ? = ?"
args = (sys.argv[3],) if sys.argv[2] == "overdue" else (1, 1)
out = sys.stdout
for row in conn.execute("SELECT a.id, a.due_date, a.title, o.name, r.title FROM actions a"
                        " LEFT JOIN owners o ON o.id = a.owner_id"
                        " LEFT JOIN reports r ON r.id = a.report_id"
                        " WHERE a.status = 'open' AND a.due_date IS NOT NULL " + where +
                        " ORDER BY a.due_date, a.id", args):
    out.write(f"{row[0]} {row[1]} {row[2]} {row[3]} {row[4]}\\n")
"""


class Bench:
    def __init__(self, work: Path, runs: int, smoke: bool):
        self.work = work
        self.runs = runs
        self.smoke = smoke
        self.results: dict = {"date": TODAY.isoformat(), "runs": runs, "smoke": smoke,
                              "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
        self.python = self.tracker = None

    # --- set-up -----------------------------------------------------------------------------

    def install(self) -> None:
        """tracker from a wheel in its own venv (tests/wheelenv.py, shared with the wheel test);
        its dependencies from this interpreter's."""
        from tests.wheelenv import installed

        python, tracker = installed(self.work)
        self.python, self.tracker = str(python), str(tracker)

    def env(self, db: Path | str, **extra: str) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        config = self.work / "bench.toml"
        config.write_text('coordinators = ["coordinator@example.org"]\n'
                          '[mail]\nsender = "tracker@example.org"\n', encoding="utf-8")
        url = db if isinstance(db, str) else f"sqlite:///{db}"
        env.update(TRACKER_CONFIG=str(config), TRACKER_DATABASE_URL=url,
                   TRACKER_MAIL_OUTBOX=str(self.work / "outbox"), **extra)
        return env

    def fresh_db(self, name: str) -> Path:
        path = self.work / name
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        subprocess.run([self.tracker, "db", "upgrade"], env=self.env(path), check=True,
                       capture_output=True)
        return path

    def make_actions_db(self, size: int) -> Path:
        """size actions, 70% closed, deadlines over three years, 200-2,000 owners; the bench
        owner has 30 open actions (and 70 closed)."""
        path = self.fresh_db(f"actions-{size}.db")
        rng = random.Random(size)
        owners = 200 if size <= 10_000 else 1_000 if size <= 100_000 else 2_000
        reports = max(1, size // 10)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA synchronous = OFF")
        conn.executemany("INSERT INTO owners (id, name, email, language, active)"
                         " VALUES (?, ?, ?, 'nl', 1)",
                         [(1, "Bench Owner", BENCH_OWNER)] +
                         [(i, f"Owner {i}", f"owner{i}@example.org") for i in range(2, owners + 1)])
        conn.executemany("INSERT INTO reports (id, source_name, sha256, title, raw_text,"
                         " ingested_at) VALUES (?, ?, ?, ?, '', '2025-01-01 00:00:00')",
                         [(i, f"r{i}.txt", f"{i:064x}", f"Werkbezoek {i}")
                          for i in range(1, reports + 1)])

        def rows():
            for i in range(1, size + 1):
                if i <= 100:
                    owner, status = 1, "open" if i <= 30 else "done"
                else:
                    owner = rng.randint(2, owners)
                    status = "open" if rng.random() < 0.3 else "done"
                due = TODAY + timedelta(days=rng.randint(-730, 365))
                text = (f"Actie {i}: terugkoppeling over de vervolgafspraken met de"
                        f" partnerstad {i % 97} en het netwerk")
                yield (i, rng.randint(1, reports), i % 5, text, text[:80], owner,
                       due.isoformat(), due.isoformat(), "default", status,
                       "2025-01-01 00:00:00", None if status == "open" else "2025-02-01 00:00:00",
                       "followup", i % 40)

        conn.executemany("INSERT INTO actions (id, report_id, position, text, title, owner_id,"
                         " due_date, original_due_date, due_source, status, created_at,"
                         " closed_at, source, line) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows())
        conn.commit()
        conn.execute("ANALYZE")
        conn.close()
        return path

    # --- measuring --------------------------------------------------------------------------

    def time(self, argv, env: dict | None = None, runs: int | None = None) -> dict:
        """Cold runs of a command; argv may be a function of the run's number (0, 1, ...) for
        commands that change something, such as closing a different action each time."""
        samples = []
        for run in range(runs or self.runs):
            started = time.perf_counter()
            subprocess.run(argv(run) if callable(argv) else argv, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            samples.append(time.perf_counter() - started)
        return {"median": statistics.median(samples), "min": min(samples), "max": max(samples)}

    def listings(self, sizes: list[int]) -> None:
        out = self.results.setdefault("listings", {})
        task_limit_passed = False
        for size in sizes:
            db = self.make_actions_db(size)
            env = self.env(db)
            row: dict = {}
            row["floor_sqlite3"] = self.time([self.python, "-c", FLOOR_OWNER, str(db),
                                              BENCH_OWNER])
            row["tracker_open_owner"] = self.time([self.tracker, "open", "--owner",
                                                   BENCH_OWNER], env)
            row["orm_click_script"] = self.time([self.python, str(ROOT / "bench/orm_open.py"),
                                                 f"sqlite:///{db}", BENCH_OWNER])
            if shutil.which("task") and not task_limit_passed:
                row["taskwarrior"], import_seconds = self.taskwarrior(db, size)
                task_limit_passed = import_seconds > 60 or row["taskwarrior"] is None
            overdue = self.time([self.tracker, "open", "--overdue"], env)
            everything = self.time([self.tracker, "open"], env)
            row["tracker_open_overdue"] = overdue
            row["floor_overdue"] = self.time([self.python, "-c", FLOOR_ALL, str(db), "overdue",
                                              TODAY.isoformat()])
            row["tracker_open_all"] = everything
            row["floor_all"] = self.time([self.python, "-c", FLOOR_ALL, str(db), "all", "-"])
            row["plans"] = self.plans(db)
            out[str(size)] = row
            self.report_listing(size, row)

    def taskwarrior(self, db: Path, size: int,
                    data: Path | None = None) -> tuple[dict | None, float]:
        """Load the same actions into Taskwarrior (tags per owner) and list the bench owner's."""
        data = data or self.work / f"task-{size}"
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir()
        rc = data / "taskrc"
        rc.write_text(f"data.location={data}\nconfirmation=no\nverbose=nothing\ncolor=off\n"
                      "hooks=off\ngc=off\n")
        conn = sqlite3.connect(db)
        tasks = []
        for id_, title, owner, due, status in conn.execute(
                "SELECT id, title, owner_id, due_date, status FROM actions"):
            task = {"uuid": f"00000000-0000-4000-8000-{id_:012d}", "description": title,
                    "status": "pending" if status == "open" else "completed",
                    "entry": "20250101T000000Z", "due": due.replace("-", "") + "T000000Z",
                    "tags": [f"o{owner}"]}
            if status != "open":
                task["end"] = "20250201T000000Z"
            tasks.append(task)
        conn.close()
        source = data / "import.json"
        source.write_text(json.dumps(tasks))
        started = time.perf_counter()
        try:
            subprocess.run(["task", f"rc:{rc}", "import", str(source)], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        except subprocess.TimeoutExpired:
            return None, 120.0
        seconds = time.perf_counter() - started
        timing = self.time(["task", f"rc:{rc}", "+o1", "status:pending", "list"])
        return {**timing, "import_seconds": seconds}, seconds

    def plans(self, db: Path) -> dict:
        from tracker.core.database import Connection
        from tracker.core.listing import OpenFilter, open_queries

        conn = Connection(f"sqlite:///{db}")
        plans = {}
        for name, spec in (("owner", OpenFilter(owner=BENCH_OWNER)),
                           ("overdue", OpenFilter(overdue=True)), ("all", OpenFilter())):
            statements, params = open_queries(conn, spec, TODAY)
            plans[name] = [[row[-1] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params)]
                           for sql in statements]
        conn.close()
        return plans

    def startup(self) -> None:
        db = self.fresh_db("startup.db")
        env = self.env(db)
        self.results["startup"] = {
            "python_pass": self.time([self.python, "-c", "pass"]),
            "python_import_click": self.time([self.python, "-c", "import click"]),
            "python_import_orm_click_jinja2": self.time(
                [self.python, "-c", "import sqlalchemy.orm, click, jinja2"]),
            "tracker_help": self.time([self.tracker, "--help"], env),
            "tracker_open_empty": self.time([self.tracker, "open"], env),
            "importtime_help": self.importtime(["--help"], env),
            "importtime_open": self.importtime(["open"], env),
        }

    def importtime(self, args: list[str], env: dict) -> list[tuple[str, int]]:
        """The ten biggest imports (cumulative microseconds) of a tracker command."""
        done = subprocess.run([self.python, "-X", "importtime", "-m", "tracker", *args],
                              env=env, capture_output=True, text=True, check=True)
        rows = []
        for line in done.stderr.splitlines():
            if line.startswith("import time:") and "|" in line and "cumulative" not in line:
                _, cumulative, name = line[len("import time:"):].split("|")
                rows.append((name.rstrip(), int(cumulative)))
        top_level = [(n.strip(), c) for n, c in rows if not n.startswith("  ")]
        return sorted(top_level, key=lambda r: -r[1])[:10]

    def verbs(self) -> None:
        """The daily commands from cold on 1,000 actions, beside `tracker open` in the same run:
        show one action, close one (a different open action each run), list the reports."""
        db = self.make_actions_db(1000)
        env = self.env(db)
        open_ids = [row[0] for row in sqlite3.connect(db).execute(
            "SELECT id FROM actions WHERE status = 'open' ORDER BY id")]
        result = {
            "python_pass": self.time([self.python, "-c", "pass"]),
            "tracker_open_owner": self.time([self.tracker, "open", "--owner", BENCH_OWNER], env),
            "tracker_show": self.time([self.tracker, "show", str(open_ids[0])], env),
            "tracker_close": self.time(lambda run: [self.tracker, "close", str(open_ids[run + 1])],
                                       env),
            "tracker_reports": self.time([self.tracker, "reports"], env),
        }
        if shutil.which("task"):
            result["taskwarrior_done"] = self.taskwarrior_done(db)
        self.results["verbs"] = result

    def taskwarrior_done(self, db: Path) -> dict | None:
        """Taskwarrior's `task N done` on the same 1,000 actions (a fresh task each run)."""
        data = self.work / "task-done"
        self.taskwarrior(db, 1000, data)
        rc = data / "taskrc"
        return self.time(lambda run: ["task", f"rc:{rc}", str(run + 1), "done"])

    def ingest(self, copies: int) -> None:
        from tracker.reports.extract import extract
        from tracker.reports.parse import parse_report

        seeds = sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))
        texts = [p.read_text(encoding="utf-8") for p in seeds]
        started = time.perf_counter()
        rounds = max(1, copies // len(texts))
        for _ in range(rounds):
            for text in texts:
                extract(parse_report(text, "x.txt", TODAY), 42, TODAY)
        in_process = rounds * len(texts) / (time.perf_counter() - started)
        folder = self.work / "ingest"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for i in range(copies):
            seed = seeds[i % len(seeds)]
            # A unique first line (before the first heading) makes each copy new content; being
            # lookalikes of each other, they go in with --as-new (the comparison still runs).
            (folder / f"{i:05d}_{seed.name}").write_text(f"Kopie {i}\n{texts[i % len(texts)]}",
                                                         encoding="utf-8")
        result = {"parse_extract_reports_per_s": in_process, "files": copies}
        db = self.fresh_db("ingest.db")
        timing = self.time([self.tracker, "ingest", "--as-new", str(folder)], self.env(db),
                           runs=1)
        result["cli_sqlite_reports_per_s"] = copies / timing["median"]
        if pg := self.postgres_url():
            timing = self.time([self.tracker, "ingest", "--as-new", str(folder)], self.env(pg),
                               runs=1)
            result["cli_postgres_reports_per_s"] = copies / timing["median"]
        result["lookalike_ms_per_file"] = self.lookalikes([100] if self.smoke
                                                          else [1000, 10000])
        self.results["ingest"] = result

    @staticmethod
    def lookalikes(sizes: list[int]) -> dict[int, float]:
        """The duplicate check of one new report against `size` stored ones (in process): the
        fingerprints are read once per run; each file is screened against every stored sketch.
        The stored reports are the seeds with their words shuffled: the same length and words,
        the template's headings kept, no lookalike among them."""
        from tracker.core.duplicates import Known, ReportIndex
        from tracker.core.similarity import Fingerprint, shingles

        seeds = [p.read_text(encoding="utf-8")
                 for p in sorted((ROOT / "tests/fixtures/seeds").glob("*.txt"))]
        rng = random.Random(12)
        figures = {}
        for size in sizes:
            known = []
            for i in range(size):
                lines = seeds[i % len(seeds)].split("\n")
                words = " ".join(line for line in lines if not line.isupper()).split()
                rng.shuffle(words)
                text = "\n".join([line for line in lines if line.isupper()] + [" ".join(words)])
                known.append(Known(i + 1, str(i), f"R{i}", None, None,
                                   Fingerprint.of(shingles(text))))
            index = ReportIndex(known)
            new = shingles(seeds[1])
            started = time.perf_counter()
            for _ in range(5):
                assert index.lookalike("X", None, None, new, None) is None
            figures[size] = (time.perf_counter() - started) / 5 * 1000
        return figures

    def postgres_url(self) -> str | None:
        """A fresh, migrated database on the local PostgreSQL, if there is one."""
        base = os.environ.get("TRACKER_BENCH_POSTGRES_URL") or os.environ.get(
            "TRACKER_TEST_POSTGRES_URL")
        if not base:
            return None
        import psycopg

        admin = base.replace("postgresql+psycopg://", "postgresql://")
        name = f"tracker_bench_{os.getpid()}"
        try:
            with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error:
            return None
        url = f"{base.rsplit('/', 1)[0]}/{name}"
        subprocess.run([self.tracker, "db", "upgrade"], env=self.env(url), check=True,
                       capture_output=True)
        return url

    def digests(self, owner_counts: list[int]) -> None:
        out = self.results.setdefault("digest", {})
        for owners in owner_counts:
            db = self.fresh_db(f"digest-{owners}.db")
            rng = random.Random(owners)
            conn = sqlite3.connect(db)
            conn.executemany("INSERT INTO owners (id, name, email, language, active)"
                             " VALUES (?, ?, ?, 'nl', 1)",
                             [(i, f"Owner {i}", f"owner{i}@example.org")
                              for i in range(1, owners + 1)])
            actions = []
            for owner in range(1, owners + 1):
                for _ in range(rng.randint(5, 20)):
                    due = (TODAY + timedelta(days=rng.randint(-60, 120))).isoformat()
                    text = f"Actie voor owner {owner}: vervolgafspraak met partnerstad"
                    actions.append((text, text, owner, due, due))
            conn.executemany("INSERT INTO actions (position, text, title, owner_id, due_date,"
                             " original_due_date, due_source, status, created_at, source)"
                             " VALUES (0, ?, ?, ?, ?, ?, 'manual', 'open',"
                             " '2025-01-01 00:00:00', 'manual')", actions)
            conn.commit()
            conn.close()
            with self.sink() as (port, tracker_received):
                env = self.env(db, TRACKER_MAIL_TRANSPORT="smtp", TRACKER_SMTP_HOST="127.0.0.1",
                               TRACKER_SMTP_PORT=str(port), TRACKER_SMTP_SECURITY="plain")
                tracker_s, tracker_rss = self.time_rss([self.tracker, "digest", "send"], env)
            with self.sink() as (port, _):
                floor_s, floor_rss = self.time_rss([self.python, str(ROOT / "bench/mail_floor.py"),
                                                    str(port), str(owners + 1)], None)
            # The same floor with tracker's own bodies: a digest of a typical owner.
            text = self.work / "digest.txt"
            html = self.work / "digest.html"
            preview = ["digest", "preview", "--owner", "owner1@example.org"]
            lines = subprocess.run([self.tracker, *preview], env=env, capture_output=True,
                                   text=True, check=True).stdout.split("\n")
            text.write_text("\n".join(lines[3:]), encoding="utf-8")
            html.write_text(subprocess.run([self.tracker, *preview, "--html"], env=env,
                                           capture_output=True, text=True, check=True).stdout,
                            encoding="utf-8")
            with self.sink() as (port, _):
                same_s, _ = self.time_rss([self.python, str(ROOT / "bench/mail_floor.py"),
                                           str(port), str(owners + 1), str(text), str(html)],
                                          None)
            received = tracker_received[0]
            out[str(owners)] = {
                "open_actions": len(actions), "mails_received": received,
                "tracker_seconds": tracker_s, "tracker_mails_per_s": (owners + 1) / tracker_s,
                "tracker_peak_rss_mb": tracker_rss, "floor_seconds": floor_s,
                "floor_mails_per_s": (owners + 1) / floor_s, "floor_peak_rss_mb": floor_rss,
                "tracker_vs_floor_throughput": floor_s / tracker_s,
                "digest_bytes": len(text.read_bytes()) + len(html.read_bytes()),
                "floor_same_bodies_seconds": same_s,
                "tracker_vs_same_bodies_floor": same_s / tracker_s}

    @contextlib.contextmanager
    def sink(self):
        """An aiosmtpd sink in its own process, on a port it picks itself (nothing can take the
        port between choosing and binding it); yields (port, [messages received])."""
        process = subprocess.Popen([sys.executable, str(ROOT / "bench/smtp_sink.py")],
                                   stdout=subprocess.PIPE, text=True)
        port = int(process.stdout.readline())
        received = [0]
        try:
            yield port, received
        finally:
            process.terminate()
            received[0] = int(process.communicate()[0].strip() or 0)

    @staticmethod
    def time_rss(argv: list[str], env: dict | None) -> tuple[float, float]:
        """Wall time and peak RSS (MB). GNU time measures the RSS: a child forked from this
        process would count this process's own memory as its peak."""
        started = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", *argv], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError(f"{argv} failed: {done.stderr[-500:]}")
        return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024

    # --- reporting --------------------------------------------------------------------------

    def report_listing(self, size: int, row: dict) -> None:
        def ms(key: str) -> str:
            value = row.get(key)
            if not value:
                return "      -"
            return f"{value['median'] * 1000:7.1f}"

        print(f"{size:>9,} actions | owner: floor {ms('floor_sqlite3')} ms, tracker"
              f" {ms('tracker_open_owner')} ms, orm+click {ms('orm_click_script')} ms,"
              f" taskwarrior {ms('taskwarrior')} ms | overdue: floor {ms('floor_overdue')},"
              f" tracker {ms('tracker_open_overdue')} | all: floor {ms('floor_all')},"
              f" tracker {ms('tracker_open_all')}", flush=True)


def table(results: dict) -> str:
    lines = []

    def m(value) -> str:
        return "-" if not value else f"{value['median']:.3f} s ({value['min']:.3f}-{value['max']:.3f})"

    listings = results.get("listings", {})
    if listings:
        lines.append("Listing the ~30 open actions of one owner (cold process, median (min-max))")
        lines.append(f"{'actions':>9} | {'floor sqlite3':>22} | {'tracker open --owner':>22} |"
                     f" {'ratio':>5} | {'click+ORM script':>22} | {'taskwarrior':>22}")
        for size, row in listings.items():
            ratio = row["tracker_open_owner"]["median"] / row["floor_sqlite3"]["median"]
            lines.append(f"{int(size):>9,} | {m(row['floor_sqlite3']):>22} |"
                         f" {m(row['tracker_open_owner']):>22} | {ratio:5.2f} |"
                         f" {m(row['orm_click_script']):>22} | {m(row.get('taskwarrior')):>22}")
        lines.append("")
        lines.append("All owners, output to /dev/null: tracker vs the raw sqlite3 floor, same rows")
        for size, row in listings.items():
            lines.append(f"{int(size):>9,} | overdue {m(row['tracker_open_overdue'])} vs"
                         f" {m(row['floor_overdue'])} ="
                         f" {row['tracker_open_overdue']['median'] / row['floor_overdue']['median']:.2f}x"
                         f" | all {m(row['tracker_open_all'])} vs {m(row['floor_all'])} ="
                         f" {row['tracker_open_all']['median'] / row['floor_all']['median']:.2f}x")
    if "startup" in results:
        s = results["startup"]
        lines += ["", "Start-up", f"  python -c pass                      {m(s['python_pass'])}",
                  f"  python -c 'import click'            {m(s['python_import_click'])}",
                  f"  import sqlalchemy.orm, click, jinja2 {m(s['python_import_orm_click_jinja2'])}",
                  f"  tracker --help                      {m(s['tracker_help'])}",
                  f"  tracker open (empty database)       {m(s['tracker_open_empty'])}"]
    if "verbs" in results:
        v = results["verbs"]
        base = v["tracker_open_owner"]["median"]
        lines += ["", "Daily commands from cold, 1,000 actions (ratio to `tracker open --owner` of"
                  " the same run)"]
        for key, label in (("tracker_open_owner", "tracker open --owner X"),
                           ("tracker_show", "tracker show ID"), ("tracker_close", "tracker close ID"),
                           ("tracker_reports", "tracker reports"), ("taskwarrior_done", "task ID done"),
                           ("python_pass", "python -c pass")):
            if v.get(key):
                lines.append(f"  {label:<24} {m(v[key])}  {v[key]['median'] / base:5.2f}x")
    if "ingest" in results:
        i = results["ingest"]
        lines += ["", "Ingest (reports per second)",
                  f"  parse + extract, in process       {i['parse_extract_reports_per_s']:8.0f}",
                  f"  tracker ingest DIR, SQLite        {i['cli_sqlite_reports_per_s']:8.0f}"
                  f"  ({i['files']} files, one process)"]
        if "cli_postgres_reports_per_s" in i:
            lines.append(f"  tracker ingest DIR, PostgreSQL    {i['cli_postgres_reports_per_s']:8.0f}")
        for size, ms in i.get("lookalike_ms_per_file", {}).items():
            lines.append(f"  lookalike check against {int(size):>6,} stored reports:"
                         f" {ms:6.1f} ms per file")
    for owners, d in results.get("digest", {}).items():
        lines += ["" if owners == next(iter(results["digest"])) else None,
                  f"Digest round, {int(owners):,} owners ({d['open_actions']:,} open actions),"
                  f" to an aiosmtpd sink: {d['mails_received']:,} mails received",
                  f"  tracker digest send  {d['tracker_seconds']:7.2f} s"
                  f"  {d['tracker_mails_per_s']:6.0f} mails/s  peak {d['tracker_peak_rss_mb']:.0f} MB",
                  f"  floor (build+send)   {d['floor_seconds']:7.2f} s"
                  f"  {d['floor_mails_per_s']:6.0f} mails/s  peak {d['floor_peak_rss_mb']:.0f} MB",
                  f"  floor, same bodies   {d['floor_same_bodies_seconds']:7.2f} s"
                  f"  ({d['digest_bytes'] / 1024:.1f} KB of text+HTML per digest instead of ~3 KB)",
                  f"  tracker throughput = {d['tracker_vs_floor_throughput'] * 100:.0f}% of the"
                  f" 3 KB floor, {d['tracker_vs_same_bodies_floor'] * 100:.0f}% of the"
                  f" same-bodies floor"]
    return "\n".join(line for line in lines if line is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run each")
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--digest-owners", default="1000,10000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.json"))
    parser.add_argument("--work", default=str(ROOT / "bench" / "data"))
    parser.add_argument("--parts", default="startup,verbs,listings,ingest,digest",
                        help="which measurements to run")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.digest_owners, args.runs = "300", "20", 1
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(work, args.runs, args.smoke)
    parts = args.parts.split(",")
    bench.install()
    if "startup" in parts:
        bench.startup()
    if "verbs" in parts:
        bench.verbs()
    if "listings" in parts:
        bench.listings([int(s) for s in args.sizes.split(",")])
    if "ingest" in parts:
        bench.ingest(10 if args.smoke else 200)
    if "digest" in parts:
        bench.digests([int(s) for s in args.digest_owners.split(",")])
    Path(args.out).write_text(json.dumps(bench.results, indent=2) + "\n")
    print()
    print(table(bench.results))
    print(f"\nWritten to {args.out}")


if __name__ == "__main__":
    main()
