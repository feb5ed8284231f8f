"""What `tracker open` lists: the open_actions view (owned by the migrations) read through plain
DB-API, streamed, so the listing starts and runs without SQLAlchemy."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from tracker.cli.formatting import Column, Table, emit, fit
from tracker.core.database import Connection
from tracker.errors import NotFound
from tracker.record import Record

SORTS = ("due", "id", "owner")


class OpenFilter(Record):
    owner: str | None = None
    unassigned: bool = False
    overdue: bool = False
    due_within: int | None = None
    due_before: date | None = None
    report_id: int | None = None
    search: str | None = None
    sort: str = "due"
    limit: int | None = None


class OpenRow:
    """One listed action; a plain slotted class because a listing may stream 300,000."""

    __slots__ = ("id", "due_date", "days_left", "owner_name", "owner_email", "owner_hint",
                 "title", "text", "report_id", "report_title", "due_source")

    def __init__(self, id: int, due_date: date | None, days_left: int | None,
                 owner_name: str | None, owner_email: str | None, owner_hint: str | None,
                 title: str, text: str, report_id: int | None, report_title: str | None,
                 due_source: str | None):
        self.id, self.due_date, self.days_left = id, due_date, days_left
        self.owner_name, self.owner_email, self.owner_hint = owner_name, owner_email, owner_hint
        self.title, self.text, self.report_id = title, text, report_id
        self.report_title, self.due_source = report_title, due_source

    @property
    def overdue(self) -> bool:
        # A deadline is the end of its day: overdue from the day after.
        return self.days_left is not None and self.days_left < 0

    @property
    def unassigned(self) -> bool:
        return self.owner_email is None

    def record(self) -> dict:
        """The row for json/csv: every field, the full text, and whether it is overdue."""
        return {"id": self.id, "due_date": self.due_date, "days_left": self.days_left,
                "overdue": self.overdue, "owner_name": self.owner_name,
                "owner_email": self.owner_email, "owner_hint": self.owner_hint,
                "title": self.title, "text": self.text, "report_id": self.report_id,
                "report_title": self.report_title, "due_source": self.due_source}


_BRIEF_COLUMNS = ("id, due_date, title, owner_hint, report_id, owner_name, owner_email,"
                  " owner_active")
_COLUMNS = ("id, due_date, due_source, title, text, owner_hint, report_id, owner_name,"
            " owner_email, owner_active, report_title")


def resolve_owner_ids(conn: Connection, owner: str) -> list[int]:
    """Owner ids matching an e-mail address or a (case-insensitive) name; failing those, every
    owner whose name or address contains the text ("anna" finds Anna de Vries)."""
    text = owner.strip().lower()
    rows = conn.execute("SELECT id FROM owners WHERE email = :text OR lower(name) = :text",
                        {"text": text}).fetchall()
    if not rows:
        rows = conn.execute("SELECT id FROM owners WHERE lower(name) LIKE :pattern"
                            " OR email LIKE :pattern", {"pattern": f"%{text}%"}).fetchall()
    if not rows:
        raise NotFound(f"no owner {owner!r} (see `tracker owner list`)")
    return [row[0] for row in rows]


def _where(conn: Connection, spec: OpenFilter, today: date) -> tuple[list[str], dict]:
    clauses: list[str] = []
    params: dict = {}
    if spec.owner:
        ids = resolve_owner_ids(conn, spec.owner)
        names = [f":owner{i}" for i in range(len(ids))]
        clauses.append(f"owner_id IN ({', '.join(names)})")
        params.update({n[1:]: i for n, i in zip(names, ids, strict=True)})
    if spec.unassigned:
        clauses.append("(owner_id IS NULL OR NOT owner_active)")
    if spec.overdue:
        clauses.append("due_date < :today")
    if spec.due_within is not None:
        clauses.append("due_date <= :within")
        params["within"] = today + timedelta(days=spec.due_within)
    if spec.due_before is not None:
        clauses.append("due_date < :before")
        params["before"] = spec.due_before
    if spec.report_id is not None:
        clauses.append("report_id = :report")
        params["report"] = spec.report_id
    if spec.search:
        clauses.append("(lower(text) LIKE :pattern OR lower(owner_hint) LIKE :pattern)")
        escaped = spec.search.lower().replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
        params["pattern"] = f"%{escaped}%"
    params["today"] = today
    return clauses, params


def _to_date(value) -> date | None:
    # sqlite3 returns the ISO text SQLAlchemy stored; psycopg returns a date.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def open_queries(conn: Connection, spec: OpenFilter, today: date,
                 columns: str = _COLUMNS) -> tuple[list[str], dict]:
    """The SQL behind a listing (one or two statements, run in order) and its parameters.
    Sort 'due' puts overdue first by reading the deadline index in order, actions without a
    deadline after it: two index-ordered scans, no sort."""
    clauses, params = _where(conn, spec, today)
    if spec.sort == "due":
        parts = [(clauses + ["due_date IS NOT NULL"], "due_date, id"),
                 (clauses + ["due_date IS NULL"], "id")]
        if spec.overdue or spec.due_within is not None or spec.due_before is not None:
            parts = parts[:1]
    elif spec.sort == "owner":
        parts = [(clauses, "owner_email IS NULL, owner_email, due_date IS NULL, due_date, id")]
    else:
        parts = [(clauses, "id")]
    statements = []
    for where, order in parts:
        sql = f"SELECT {columns} FROM open_actions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        statements.append(f"{sql} ORDER BY {order}")
    return statements, params


def list_open(conn: Connection, spec: OpenFilter, today: date,
              brief: bool = False) -> Iterator[OpenRow]:
    """Open actions matching the filter, streamed in batches. `brief` leaves out what the
    table does not show (the full text above all): at a million actions it halves the time."""
    statements, params = open_queries(conn, spec, today, _BRIEF_COLUMNS if brief else _COLUMNS)
    make = _brief_row if brief else _row
    remaining = spec.limit
    for sql in statements:
        if remaining is not None:
            if remaining <= 0:
                return
            sql += f" LIMIT {int(remaining)}"
        cursor = conn.execute(sql, params)
        while batch := cursor.fetchmany(500):
            if remaining is not None:
                remaining -= len(batch)
            for row in batch:
                yield make(row, today)


def _row(row, today: date) -> OpenRow:
    (id_, due, due_source, title, text, hint, report_id, owner_name, owner_email, owner_active,
     report_title) = row
    due = _to_date(due)
    active = bool(owner_active) and owner_email is not None
    return OpenRow(id=id_, due_date=due, days_left=None if due is None else (due - today).days,
                   owner_name=owner_name if active else None,
                   owner_email=owner_email if active else None, owner_hint=hint, title=title,
                   text=text, report_id=report_id, report_title=report_title,
                   due_source=due_source)


def _brief_row(row, today: date) -> OpenRow:
    id_, due, title, hint, report_id, owner_name, owner_email, owner_active = row
    return _row((id_, due, None, title, "", hint, report_id, owner_name, owner_email,
                 owner_active, None), today)


def count_open(conn: Connection, spec: OpenFilter, today: date) -> tuple[int, int, int]:
    """(open, overdue, unassigned) over the whole filtered set, ignoring --limit."""
    clauses, params = _where(conn, spec, today)
    sql = ("SELECT count(*), coalesce(sum(CASE WHEN due_date < :today THEN 1 ELSE 0 END), 0),"
           " coalesce(sum(CASE WHEN owner_id IS NULL OR NOT owner_active THEN 1 ELSE 0 END), 0)"
           " FROM open_actions")
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    total, overdue, unassigned = conn.execute(sql, params).fetchone()
    return int(total), int(overdue), int(unassigned)


OPEN_FIELDS = ["id", "due_date", "days_left", "overdue", "owner_name", "owner_email",
               "owner_hint", "title", "text", "report_id", "report_title", "due_source"]
OPEN_TABLE = Table([Column("ID", 5, ">"), Column("DEADLINE", 10), Column("LEFT", 6, ">"),
                    Column("OWNER", 20), Column("TITLE", 0), Column("REPORT", 6)])


_TITLE_WIDTH = OPEN_TABLE.widths[4]


def _open_line(row: OpenRow) -> str:
    """OPEN_TABLE.line for one row, spelled out: this runs once per listed action."""
    owner = _owner(row)
    if len(owner) > 20:
        owner = fit(owner, 20)
    title = row.title
    if len(title) > _TITLE_WIDTH or "\n" in title:
        title = fit(title, _TITLE_WIDTH)
    report = f"#{row.report_id}" if row.report_id else "-"
    due = row.due_date.isoformat() if row.due_date else ""
    return (f"{row.id:>5}  {due:<10}  {_left(row):>6}  {owner:<20}  {title:<{_TITLE_WIDTH}}  "
            f"{report}")


def _left(row: OpenRow) -> str:
    if row.days_left is None:
        return "-"
    return f"{row.days_left}!" if row.days_left < 0 else str(row.days_left)


def _owner(row: OpenRow) -> str:
    if row.owner_email:
        return row.owner_name or row.owner_email
    return f"({row.owner_hint})" if row.owner_hint else "-"


def write_open(conn: Connection, spec: OpenFilter, today: date, fmt: str, out,
               red=lambda line: line) -> int:
    """`tracker open`'s output, streamed to out.write; the same for the click command and the
    fast path. `red` marks overdue rows on a terminal. Returns the number of rows."""
    rows = list_open(conn, spec, today, brief=fmt == "table")
    if fmt != "table":
        return emit(fmt, out, OPEN_FIELDS, (row.record() for row in rows), None)
    shown = overdue = unassigned = 0
    lines: list[str] = []
    for row in rows:
        if not shown:
            lines.append(OPEN_TABLE.header())
        shown += 1
        late = row.days_left is not None and row.days_left < 0
        overdue += late
        unassigned += row.owner_email is None
        line = _open_line(row)
        lines.append(red(line) if late else line)
        if len(lines) >= 1000:  # write in blocks: one write per line costs as much as a row
            out.write("\n".join(lines) + "\n")
            lines.clear()
    if lines:
        out.write("\n".join(lines) + "\n")
    if not shown:
        out.write("No open actions.\n")
        return 0
    total = shown
    if spec.limit is not None and shown >= spec.limit:
        total, overdue, unassigned = count_open(conn, spec, today)
    out.write(f"{total} open, {overdue} overdue, {unassigned} unassigned\n")
    return shown
