"""Files -> reports and actions. Planning (read, parse, extract) needs no database; storing is
one transaction per file and a no-op for content already ingested."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.config import Config
from tracker.errors import InvalidInput, TrackerError
from tracker.reports.extract import Agreement, extract
from tracker.reports.parse import ParsedReport, parse_report
from tracker.reports.read import SUFFIXES, read_document


@dataclass
class FileResult:
    file: str
    report: ParsedReport | None = None
    agreements: list[Agreement] = field(default_factory=list)
    sha256: str | None = None
    report_id: int | None = None
    already: bool = False  # this content was ingested before, as report_id
    action_ids: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def warnings(self) -> list[str]:
        found = list(self.report.warnings) if self.report else []
        lines_by_warning: dict[str, list[str]] = {}
        for agreement in self.agreements:
            for warning in agreement.warnings:
                lines_by_warning.setdefault(warning, []).append(str(agreement.line))
        for warning, lines in lines_by_warning.items():
            found.append(f"line{'s' * (len(lines) > 1)} {', '.join(lines)}: {warning}")
        return found


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Files as given, and report files found under directories (sorted, recursive)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def content_hash(text: str) -> str:
    """Of the normalised text: the same report as CRLF, Windows-1252 or UTF-16 is one report."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()


def plan_file(path: Path, config: Config, today: date, year: int | None = None) -> FileResult:
    """Read, parse and extract one file; errors are kept in the result, never raised."""
    result = FileResult(file=str(path))
    try:
        document = read_document(path, config.defaults.max_file_mb * 1024 * 1024)
        result.report = parse_report(document, str(path), today, year)
        result.agreements = extract(result.report, config.defaults.due_days, today)
        result.sha256 = content_hash(document.text)
    except TrackerError as exc:
        result.error = str(exc)
    return result


def store(session, result: FileResult, config: Config, actor: str, owner_ident: str | None,
          at) -> None:
    """Store one planned file: the report, its actions and their events. Fills the ids."""
    from sqlalchemy import insert, select

    from tracker.core import actions, owners
    from tracker.core.models import Report

    existing = session.scalar(select(Report.id).where(Report.sha256 == result.sha256))
    if existing is not None:
        result.report_id, result.already = existing, True
        return
    parsed = result.report
    report_id = session.scalar(insert(Report).returning(Report.id).values(
        source_name=Path(result.file).name, sha256=result.sha256, title=parsed.title,
        trip_start=parsed.trip_start, trip_end=parsed.trip_end, persons=parsed.persons,
        raw_text=parsed.text, ingested_at=at))
    owner = owners.owner_for(session, owner_ident, create=True)[0] if owner_ident else None
    new = []
    for position, agreement in enumerate(result.agreements, start=1):
        action_owner = owner
        team_email = config.team_owner(agreement.owner_hint)
        if action_owner is None and team_email:
            action_owner = _team_owner(session, agreement.owner_hint, team_email)
        new.append(actions.NewAction(
            agreement.text, owner=action_owner, due=agreement.due_date,
            due_source=agreement.due_source, report_id=report_id, position=position,
            source=agreement.source, owner_hint=agreement.owner_hint, line=agreement.line,
            note=f"from {Path(result.file).name}, line {agreement.line}",
            done_reason=agreement.done_reason if agreement.status == "done" else None))
    result.action_ids = actions.create_actions(session, new, actor, at)
    result.report_id = report_id


def _team_owner(session, team: str, email: str):
    from tracker.core import owners
    from tracker.errors import NotFound

    try:
        return owners.find_owner(session, email)
    except NotFound:
        return owners.add_owner(session, team, email)


def check_owner(session, owner_ident: str) -> None:
    """Fail before any file when --owner is neither a known owner nor an e-mail address."""
    from tracker.addresses import is_email
    from tracker.core import owners
    from tracker.errors import NotFound

    try:
        owners.find_owner(session, owner_ident)
    except NotFound:
        if not is_email(owner_ident.strip()):
            raise InvalidInput(f"--owner {owner_ident!r} is neither a known owner nor an e-mail"
                               " address") from None


def ingest(paths: Iterable[str], config: Config, today: date, *, dry_run: bool = False,
           sessions=None, actor: str = "", at=None, owner: str | None = None,
           year: int | None = None) -> Iterator[FileResult]:
    """Plan every file, and store each in its own transaction (`sessions`) unless this is a dry
    run. A bad file is reported in its result; the others go in."""
    from sqlalchemy.exc import DBAPIError, IntegrityError

    from tracker.core.orm import transaction

    if not dry_run and sessions is None:
        raise ValueError("storing needs sessions; pass dry_run=True to only plan")
    if not dry_run and owner:
        with transaction(sessions) as session:
            check_owner(session, owner)
    for path in expand_paths(paths):
        result = plan_file(path, config, today, year)
        if result.error is None and not dry_run:
            try:
                with transaction(sessions) as session:
                    store(session, result, config, actor, owner, at)
            except IntegrityError:
                # Another process stored the same content between our check and our insert.
                result.action_ids = []
                with transaction(sessions) as session:
                    store(session, result, config, actor, owner, at)
            except TrackerError as exc:
                result.error, result.action_ids = str(exc), []
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
