"""A revised report replaces its predecessor (`tracker ingest --replace ID FILE`). The old
report's actions are paired with the new agreements by text, one to one, the most alike first:
a paired action keeps its id, owner, deadline, status, review mark and history, moves to the
new report (event 'revised') and takes the new text if it changed (event 'edited'). What the
coordinator reshaped survives too: an action split off an agreement (its text inside a paired
agreement) moves along as a part of it, and an agreement already inside a merged action makes
no new one. Open actions left without a partner are dropped, "not in the revised report";
agreements left without one become new actions. The old report is marked replaced; nothing is
deleted."""

from __future__ import annotations

from datetime import date, datetime

from tracker.core.actions import drop, get_action, record, update
from tracker.core.corrections import set_text
from tracker.core.database import Connection, is_id, to_date
from tracker.core.duplicates import same_title
from tracker.core.similarity import contained, overlap, pair_up, shingles
from tracker.errors import Conflict, InvalidInput, NotFound

# Less text in common than this, and another title or trip, is not a revision but another
# report (refused unless --force).
REVISION_TEXT = 0.5
# Two agreements at least this alike (difflib's ratio over their words) are the same one.
SAME_AGREEMENT = 0.6
# A text with at least this share of its words inside another is a part of it.
PART_OF = 0.8
DROP_REASON = "not in the revised report"


class Revision:
    """What replacing report `report_id` does; agreements are indexes into the new ones."""

    def __init__(self, report_id: int, share: float):
        self.report_id, self.share = report_id, share
        self.kept: dict[int, int] = {}  # agreement -> the action it stays
        self.parts: dict[int, int] = {}  # action split off an agreement -> that agreement
        self.absorbed: dict[int, int] = {}  # agreement inside a merged action -> that action
        self.changed: set[int] = set()  # kept, with another text
        self.reworded: dict[int, str] = {}  # kept split/merged, the report's words changed
        self.due_kept: dict[int, date | None] = {}  # kept, whose new text gives another deadline
        self.dropped: list[tuple[int, str]] = []  # (id, title) of open actions not in it
        self.closed: dict[int, str] = {}  # kept, and done or dropped: it stays so

    def existing(self) -> dict[int, int]:
        """Agreement -> the action that already stands for it (no new action is made)."""
        return {**self.absorbed, **self.kept}

    def parts_of(self, agreement: int) -> list[int]:
        return sorted(a for a, j in self.parts.items() if j == agreement)


def plan_revision(conn: Connection, report_id: int, file: str, title: str,
                  trip: tuple[date | None, date | None], hashes: set[int], agreements: list,
                  force: bool = False) -> Revision:
    """Check that the file is a revision of the report and pair its agreements with the
    report's actions; nothing is written."""
    row = None if not is_id(report_id) else conn.execute(
        "SELECT title, trip_start, trip_end, raw_text, withdrawn_at, replaced_by FROM reports"
        " WHERE id = :id", {"id": report_id}).fetchone()
    if row is None:
        raise NotFound(f"no report #{report_id}")
    old_title, start, end, raw_text, withdrawn, replaced_by = row
    if replaced_by is not None:
        raise Conflict(f"report #{report_id} was replaced by report #{replaced_by}:"
                       f" replace that one (--replace {replaced_by})")
    if withdrawn is not None:
        raise Conflict(f"report #{report_id} is withdrawn")
    share = overlap(shingles(raw_text), hashes)
    same_trip = (trip[0] is not None and trip == (to_date(start), to_date(end))
                 and same_title(old_title, title))
    if share < REVISION_TEXT and not same_trip and not force:
        raise InvalidInput(f"{file}: not a revision of report #{report_id} (only {share:.0%} of"
                           " the text in common, another title or trip): use --force to replace"
                           " it anyway")
    revision = Revision(report_id, share)
    actions = conn.execute("SELECT id, text, title, status, due_date FROM actions"
                           " WHERE report_id = :id ORDER BY position, id",
                           {"id": report_id}).fetchall()
    pairs = pair_up([a[1] for a in actions], [g.text for g in agreements], SAME_AGREEMENT)
    for i, j, _ in pairs:
        revision.kept[j] = actions[i][0]
        if actions[i][3] != "open":
            revision.closed[j] = actions[i][3]
        if agreements[j].due_date != to_date(actions[i][4]):
            revision.due_kept[j] = to_date(actions[i][4])
    paired = {i for i, _, _ in pairs}
    for i, (action_id, text, *_) in enumerate(actions):
        whole = None if i in paired else next(
            (j for j in revision.kept if contained(text, agreements[j].text) >= PART_OF), None)
        if whole is not None:
            revision.parts[action_id] = whole
            paired.add(i)
    texts = {actions[i][0]: actions[i][1] for i, _, _ in pairs}
    merged = {action_id: [j for j, agreement in enumerate(agreements)
                          if revision.kept.get(j) != action_id
                          and contained(agreement.text, text) >= PART_OF]
              for action_id, text in texts.items()}
    for action_id, inside in merged.items():
        for j in inside:
            if j not in revision.kept:
                revision.absorbed[j] = action_id
    all_texts = {a[0]: a[1] for a in actions}
    for j, action_id in revision.kept.items():
        # A text the coordinator split or merged stays: the report's would undo that. Whether
        # the report's words changed shows in the texts put together again.
        parts, inside = revision.parts_of(j), merged[action_id]
        if parts or inside:
            before = " ".join(all_texts[i] for i in sorted([action_id, *parts]))
            after = " ".join(agreements[k].text for k in sorted([j, *inside]))
            if before.split() != after.split():
                revision.reworded[j] = "split" if parts else "merged"
        elif texts[action_id] != agreements[j].text:
            revision.changed.add(j)
    revision.dropped = [(a[0], a[2]) for i, a in enumerate(actions)
                        if i not in paired and a[3] == "open"]
    return revision


def apply_revision(conn: Connection, revision: Revision, new_report_id: int, agreements: list,
                   actor: str, at: datetime) -> None:
    """Move the kept actions to the new report, drop the vanished ones, mark the old report
    replaced. The new agreements' actions are the caller's (ingest's) to create."""
    old = revision.report_id
    for j, action_id in sorted(revision.kept.items()):
        agreement, action = agreements[j], get_action(conn, action_id)
        record(conn, action_id, "revised", actor, at, old=f"report #{old}, line {action.line}",
               new=f"report #{new_report_id}, line {agreement.line}")
        if j in revision.changed:
            record(conn, action_id, "edited", actor, at, old=action.text, new=agreement.text,
                   note=f"revised report #{new_report_id}")
            set_text(conn, action, agreement.text)
        update(conn, action_id, "report_id = :report, line = :line, position = :position,"
               " source = :source, owner_hint = :hint",
               {"report": new_report_id, "line": agreement.line, "position": j + 1,
                "source": agreement.source, "hint": agreement.owner_hint})
    for action_id, j in sorted(revision.parts.items()):
        line = get_action(conn, action_id).line
        record(conn, action_id, "revised", actor, at, old=f"report #{old}, line {line}",
               new=f"report #{new_report_id}, line {agreements[j].line}")
        update(conn, action_id, "report_id = :report, line = :line, position = :position",
               {"report": new_report_id, "line": agreements[j].line, "position": j + 1})
    if revision.dropped:
        drop(conn, [action_id for action_id, _ in revision.dropped],
             f"{DROP_REASON} #{new_report_id}", actor, at)
    conn.execute("UPDATE reports SET withdrawn_at = :at, withdrawn_by = :actor,"
                 " withdrawal_reason = :reason, replaced_by = :new WHERE id = :id",
                 {"at": conn.timestamp(at), "actor": actor,
                  "reason": f"replaced by report #{new_report_id}", "new": new_report_id,
                  "id": old})
