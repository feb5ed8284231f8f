"""Files -> reports and actions. Planning (read, parse, extract) needs no database; checking
(content already stored, a lookalike of a stored report, too many agreements, a revision's
pairing) reads it, the same way for a dry run and a real one; storing is one transaction per
file."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.config import Config
from tracker.errors import InvalidInput, NotFound, TrackerError
from tracker.reports.extract import Agreement, extract
from tracker.reports.parse import ParsedReport, parse_report
from tracker.reports.read import SUFFIXES, Budget, read_document

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tracker.core.database import Connection
    from tracker.core.duplicates import Known, ReportIndex
    from tracker.core.revisions import Revision

# Warnings that name more line groups than this say the span and the count instead.
SHOWN_LINE_GROUPS = 6


@dataclass
class FileResult:
    file: str
    report: ParsedReport | None = None
    agreements: list[Agreement] = field(default_factory=list)
    sha256: str | None = None
    report_id: int | None = None
    already: bool = False  # this content was ingested before, as report_id
    same_as: str | None = None  # (dry run) ... or by a file earlier in this run
    action_ids: list[int] = field(default_factory=list)
    error: str | None = None
    review: list[bool] = field(default_factory=list)  # per agreement: came in overdue
    revision: Revision | None = None  # with --replace: what happens to the old report
    shingles: set[int] | None = None  # of the text (tracker.core.similarity), once checked

    @property
    def warnings(self) -> list[str]:
        found = list(self.report.warnings) if self.report else []
        lines_by_warning: dict[str, list[int]] = {}
        for agreement in self.agreements:
            for warning in agreement.warnings:
                lines_by_warning.setdefault(warning, []).append(agreement.line)
        for warning, lines in lines_by_warning.items():
            found.append(f"{line_list(lines)}: {warning}")
        return found

    @property
    def to_review(self) -> int:
        return sum(self.review)


def line_list(lines: list[int]) -> str:
    """ "line 41", "lines 41, 43", "lines 41-45, 47", and for many "lines 41-122816 (122,775
    lines)": a warning line stays short however many lines it names."""
    numbers = sorted(set(lines))
    groups: list[list[int]] = []
    for number in numbers:
        if groups and number == groups[-1][-1] + 1:
            groups[-1].append(number)
        else:
            groups.append([number])
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    if len(groups) > SHOWN_LINE_GROUPS:
        return f"lines {numbers[0]}-{numbers[-1]} ({len(numbers):,} lines)"
    return "lines " + ", ".join(str(g[0]) if len(g) == 1 else f"{g[0]}-{g[-1]}" for g in groups)


@dataclass
class Walk:
    """What the paths given to ingest hold: the files to read (a symbolic link among them,
    without --follow-symlinks, is refused when read), and the files a folder holds that are
    no report, each skipped with a note."""

    files: list[Path] = field(default_factory=list)
    hidden: list[Path] = field(default_factory=list)  # .name, and Word's lock files ~$name
    unread: list[Path] = field(default_factory=list)  # .doc .odt .rtf .xlsx ...


def walk(paths: Iterable[str | Path], follow_symlinks: bool = False) -> Walk:
    """Files as given, and the files under folders (sorted, recursive). A symbolic link in a
    folder named like a report, or to a folder, is not followed but listed, so that reading
    it says why it is refused."""
    found = Walk()
    seen: set[Path] = set()  # folders walked, by their real path: a link loop ends

    def visit(folder: Path) -> None:
        if folder.resolve() in seen:
            return
        seen.add(folder.resolve())
        try:
            paths = sorted(folder.iterdir())
        except OSError:  # reading it says why
            found.files.append(folder)
            return
        for path in paths:
            if path.name.startswith((".", "~$")):
                found.hidden.append(path)
            elif path.is_symlink() and not follow_symlinks and (
                    path.suffix.lower() in SUFFIXES or path.is_dir()):
                found.files.append(path)  # refused when read, naming it
            elif path.is_dir():
                visit(path)
            elif path.suffix.lower() in SUFFIXES:
                found.files.append(path)
            elif path.is_file():
                found.unread.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir() and (follow_symlinks or not path.is_symlink()):
            visit(path)
        else:
            found.files.append(path)
    return found


def content_hash(text: str) -> str:
    """Of the normalised text: the same report as CRLF, Windows-1252 or UTF-16 is one report."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def plan_file(path: Path, config: Config, today: date, year: int | None = None,
              follow_symlinks: bool = False) -> FileResult:
    """Read, parse and extract one file; errors are kept in the result, never raised."""
    result = FileResult(file=str(path))
    try:
        if path.is_symlink() and not follow_symlinks:
            kind = "folder" if path.is_dir() else "file"
            raise InvalidInput(f"{path}: a symbolic link; refused (ingest --follow-symlinks"
                               f" reads the {kind} it points at)")
        if path.is_dir():  # one that walk() could not list
            try:
                next(path.iterdir(), None)
            except OSError as exc:
                raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from None
        budget = Budget(str(path))
        document = read_document(path, config.defaults.max_file_mb * 1024 * 1024, budget)
        result.report = parse_report(document, str(path), today, year)
        budget.spend(where=" (parsing)")
        result.agreements = extract(result.report, config.defaults.due_days, today)
        budget.spend(where=" (finding agreements)")
        result.sha256 = content_hash(document.text)
    except TrackerError as exc:
        result.error = str(exc)
    return result


class Options:
    """How to take the files: --owner, --replace, --as-new, --force."""

    def __init__(self, owner: str | None = None, replace: int | None = None,
                 as_new: bool = False, force: bool = False):
        self.owner, self.replace, self.as_new, self.force = owner, replace, as_new, force


def check(result: FileResult, config: Config, today: date, options: Options,
          index: ReportIndex, conn: Connection | None) -> Known | None:
    """Decide what ingesting a planned file does, reading the database (conn; None when
    there is none yet) but writing nothing: content stored already, a lookalike (refused
    without --as-new), too many agreements (refused without --force), the pairing of a
    revision. Refusals are TrackerErrors; a dry run and a real run take the same path.
    Returns the index entry the file makes once it is stored (None: nothing to store)."""
    from tracker.core.duplicates import Known
    from tracker.core.similarity import shingles

    known = index.same_content(result.sha256)
    if known is None and conn is not None:
        row = conn.execute("SELECT id FROM reports WHERE sha256 = :sha",
                           {"sha": result.sha256}).fetchone()
        result.report_id = row[0] if row else None
    elif known is not None:  # in a dry run, a file earlier in the run has no id
        result.report_id, result.same_as = known.id, None if known.id else known.file
    if result.report_id is not None or result.same_as is not None:
        result.already = True
        return None
    limit = config.defaults.max_actions_per_report
    if len(result.agreements) > limit and not options.force:
        raise InvalidInput(f"{result.file}: {len(result.agreements):,} agreements, more than"
                           f" defaults.max_actions_per_report ({limit}): check the file, or"
                           " use --force")
    report = result.report
    result.shingles = hashes = shingles(report.text)
    if options.replace is not None:
        from tracker.core.revisions import plan_revision

        if conn is None:
            raise NotFound(f"no report #{options.replace}")
        result.revision = plan_revision(conn, options.replace, result.file, report.title,
                                        (report.trip_start, report.trip_end), hashes,
                                        result.agreements, options.force)
    elif not options.as_new:
        found = index.lookalike(report.title, report.trip_start, report.trip_end, hashes, conn)
        if found is not None:
            known, why = found
            advice = (f"use --replace {known.id}, or --as-new" if known.id is not None
                      else "use --as-new")
            raise InvalidInput(f"{result.file}: looks like {known.name()} ({why}): {advice}")
    kept = result.revision.existing() if result.revision else {}
    result.review = [j not in kept and a.status == "open" and a.due_date is not None
                     and a.due_date < today for j, a in enumerate(result.agreements)]
    return Known(None, result.sha256, report.title, report.trip_start, report.trip_end, None,
                 file=result.file, hashes=hashes)


def store(session, result: FileResult, config: Config, actor: str, owner_ident: str | None,
          at) -> None:
    """Store one checked file: the report, its actions and their events (with --replace, the
    revision of the old report). Fills the ids."""
    from sqlalchemy import insert

    from tracker.core import actions, owners
    from tracker.core.database import Connection
    from tracker.core.models import Report
    from tracker.core.similarity import Fingerprint

    parsed = result.report
    report_id = session.scalar(insert(Report).returning(Report.id).values(
        source_name=Path(result.file).name, sha256=result.sha256, title=parsed.title,
        trip_start=parsed.trip_start, trip_end=parsed.trip_end, persons=parsed.persons,
        raw_text=parsed.text, ingested_at=at, fingerprint=str(Fingerprint.of(result.shingles))))
    owner = owners.find_owner(session, owner_ident) if owner_ident else None
    kept = result.revision.existing() if result.revision else {}
    new, new_positions = [], []
    for position, agreement in enumerate(result.agreements, start=1):
        if position - 1 in kept:
            continue
        action_owner = owner
        team_email = config.team_owner(agreement.owner_hint)
        if action_owner is None and team_email:
            action_owner = _team_owner(session, agreement.owner_hint, team_email)
        new.append(actions.NewAction(
            agreement.text, owner=action_owner, due=agreement.due_date,
            due_source=agreement.due_source, report_id=report_id, position=position,
            source=agreement.source, owner_hint=agreement.owner_hint, line=agreement.line,
            note=f"from {Path(result.file).name}, line {agreement.line}",
            done_reason=agreement.done_reason if agreement.status == "done" else None,
            review=result.review[position - 1]))
        new_positions.append(position - 1)
    created = dict(zip(new_positions, actions.create_actions(session, new, actor, at),
                       strict=True))
    if result.revision is not None:
        from tracker.core.revisions import apply_revision

        apply_revision(Connection.of_session(session), result.revision, report_id,
                       result.agreements, actor, at)
    result.action_ids = [kept.get(j) or created[j] for j in range(len(result.agreements))]
    result.report_id = report_id


def _team_owner(session, team: str, email: str):
    """The owner [teams] names: that address exactly, made an owner when it is none yet."""
    from tracker.core import owners

    try:
        return owners.find_owner(session, email)
    except NotFound:
        return owners.add_owner(session, team, email, allow_same_name=True)


def ingest(paths: Iterable[str], config: Config, today: date, *, dry_run: bool = False,
           sessions=None, actor: str = "", at=None, owner: str | None = None,
           year: int | None = None, replace: int | None = None, as_new: bool = False,
           force: bool = False, follow_symlinks: bool = False) -> Iterator[FileResult]:
    """Plan and check every file, and store each in its own transaction (`sessions`) unless
    this is a dry run, which reads the database when given `sessions` (and treats it as empty
    without). A bad or refused file is reported in its result; the others go in."""
    from sqlalchemy.exc import DBAPIError, IntegrityError

    from tracker.core.database import Connection
    from tracker.core.duplicates import ReportIndex

    if not dry_run and sessions is None:
        raise ValueError("storing needs sessions; pass dry_run=True to only plan")
    paths = walk(paths, follow_symlinks).files
    if replace is not None and len(paths) != 1:
        raise InvalidInput(f"--replace takes exactly one file, not {len(paths)}")
    if replace is not None and as_new:
        raise InvalidInput("--replace and --as-new exclude each other")
    options = Options(owner, replace, as_new, force)
    index = ReportIndex()
    if sessions is None and owner:  # no database yet, so no owner either
        from tracker.core.owner_match import no_owner

        raise no_owner(" ".join(owner.split()))
    if sessions is not None:
        with sessions() as session:
            conn = Connection.of_session(session)
            index = ReportIndex.load(conn)
            if owner:
                from tracker.core.owner_match import find_owner_id

                find_owner_id(conn, owner)  # fail before any file
    for path in paths:
        result = plan_file(path, config, today, year, follow_symlinks)
        if result.error is None:
            try:
                if dry_run:
                    _check_read_only(sessions, result, config, today, options, index)
                else:
                    try:
                        _check_and_store(sessions, result, config, today, options, index,
                                         actor, at)
                    except IntegrityError:
                        # Another process stored the same content between check and insert.
                        _check_and_store(sessions, result, config, today, options, index,
                                         actor, at)
            except TrackerError as exc:
                result.error, result.action_ids, result.revision = str(exc), [], None
            except DBAPIError as exc:  # the database itself failed: the rest would fail too
                raise _stopped(exc, result, sessions) from None
        yield result


def _stopped(exc: Exception, result: FileResult, sessions) -> Exception:
    """The batch stops at a file the database could not store (a full disk, a read-only
    file, a lost connection): that file's transaction was rolled back, the files before it
    are stored, and running the same command again stores the rest."""
    from tracker.core.database import database_error
    from tracker.errors import StorageError

    known = database_error(exc, str(sessions.kw["bind"].url))
    if known is None:
        return exc
    return StorageError(f"{result.file}: not stored: {known}; the files before it are stored,"
                        " run the command again for the rest")


def _check_read_only(sessions, result, config, today, options, index) -> None:
    """A dry run: the same check as a real run; what would be stored joins the index."""
    from tracker.core.database import Connection

    if sessions is None:
        known = check(result, config, today, options, index, None)
    else:
        with sessions() as session:  # never committed
            known = check(result, config, today, options, index, Connection.of_session(session))
    if known is not None:
        index.add(known)


def _check_and_store(sessions, result, config, today, options, index, actor, at) -> None:
    from tracker.core.database import Connection
    from tracker.core.orm import transaction

    result.action_ids, result.revision, result.report_id = [], None, None
    with transaction(sessions) as session:
        known = check(result, config, today, options, index, Connection.of_session(session))
        if known is not None:
            store(session, result, config, actor, options.owner, at)
    if known is not None:
        known.id = result.report_id  # later files of the run name it by its id
        index.add(known)
