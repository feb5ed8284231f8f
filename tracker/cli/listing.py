"""`tracker open`'s output, the same for the click command and the fast path: a table streamed
in blocks, or JSON/CSV rows."""

from __future__ import annotations

from datetime import date, tzinfo

from tracker.cli.formatting import Column, Table, emit, fit
from tracker.core.database import Connection
from tracker.core.listing import Counts, OpenFilter, count_open, list_open
from tracker.core.state import RECORD_FIELDS, TITLE_WIDTH, ActionRow


def open_table() -> Table:
    """The columns of `tracker open`, as wide as the terminal allows: the owner gives way to
    the title on a narrow one; a title (at most TITLE_WIDTH) is never cut in a pipe."""
    return Table([Column("ID", 5, ">"), Column("DEADLINE", 10), Column("LEFT", 6, ">"),
                  Column("OWNER", 20, least=12), Column("TITLE", 0, most=TITLE_WIDTH),
                  Column("REPORT", 6)])


_INDENT = " " * 7  # a note under a row starts under its deadline


def _open_line(row: ActionRow, owner_width: int, title_width: int) -> str:
    """open_table().line for one row, spelled out: this runs once per listed action."""
    owner = owner_cell(row)
    if len(owner) > owner_width or not owner.isprintable():
        owner = fit(owner, owner_width)
    title = row.title
    if len(title) > title_width or not title.isprintable():
        title = fit(title, title_width)
    report = f"#{row.report_id}" if row.report_id else "-"
    due = row.due_date.isoformat() if row.due_date else ""
    return (f"{row.id:>5}  {due:<10}  {_left(row):>6}  {owner:<{owner_width}}  "
            f"{title:<{title_width}}  {report}")


def _left(row: ActionRow) -> str:
    if row.status != "open":
        return {"done": "done", "dropped": "drop"}[row.status]
    if row.days_left is None:
        return "-"
    return f"{row.days_left}!" if row.overdue else str(row.days_left)


def owner_cell(row: ActionRow) -> str:
    """Who owns it, as a table shows it: the name, (the hint) of an unassigned one, or -."""
    if not row.unassigned:
        return row.owner_name or row.owner_email
    return f"({row.owner_hint})" if row.owner_hint else "-"


def write_open(conn: Connection, spec: OpenFilter, today: date, fmt: str, out, tz: tzinfo,
               red=lambda line: line) -> int:
    """`tracker open`'s output, streamed to out.write; the same for the click command and the
    fast path. `red` marks overdue rows on a terminal; `tz` is the zone of instants in JSON and
    CSV. Returns the number of rows."""
    rows = list_open(conn, spec, today, brief=fmt == "table")
    if fmt != "table":
        return emit(fmt, out, list(RECORD_FIELDS), (row.record() for row in rows), None, tz)
    shown = 0
    counts = Counts()
    lines: list[str] = []
    table = open_table()
    owner_width, title_width = table.widths[3:5]
    proposed = _proposals(conn, table.total) if spec.proposals else {}
    for row in rows:
        if not shown:
            lines.append(table.header())
        shown += 1
        counts.add(row)
        line = _open_line(row, owner_width, title_width)
        lines.append(red(line) if row.overdue else line)
        if row.id in proposed:
            lines.append(proposed[row.id])
        if len(lines) >= 1000:  # write in blocks: one write per line costs as much as a row
            out.write("\n".join(lines) + "\n")
            lines.clear()
    if lines:
        out.write("\n".join(lines) + "\n")
    if not shown:
        out.write(f"No {'' if spec.status == 'all' else spec.status + ' '}actions.\n")
        return 0
    if spec.limit is not None and shown >= spec.limit:
        counts = count_open(conn, spec, today)
    out.write(count_line(counts, spec.status, shown) + "\n")
    return shown


def _proposals(conn: Connection, width: int) -> dict[int, str]:
    """The line under each action with a pending deadline proposal: the date, who, why."""
    from tracker.core.proposals import pending

    lines = {}
    for action_id, proposal in pending(conn).items():
        reason = f": {proposal.reason}" if proposal.reason else ""
        said = f"proposed {proposal.due_date.isoformat()} by {proposal.proposed_by}{reason}"
        lines[action_id] = _INDENT + fit(said, width - len(_INDENT))
    return lines


def count_line(counts: Counts, status: str, shown: int) -> str:
    """ "15 open, 11 overdue, 11 unassigned, 11 to review; showing 4 of 15" and the like."""
    parts = []
    if status in ("open", "all"):
        parts += [f"{counts.open} open", f"{counts.overdue} overdue",
                  f"{counts.unassigned} unassigned"]
        if counts.review:
            parts.append(f"{counts.review} to review")
    if status in ("done", "all"):
        parts.append(f"{counts.done} done")
    if status in ("dropped", "all"):
        parts.append(f"{counts.dropped} dropped")
    line = ", ".join(parts)
    if shown < counts.total:
        line += f"; showing {shown} of {counts.total}"
    return line
