"""Triage: actions whose deadline had passed when they were ingested wait for the coordinator's
review; they show in the summary and `open --review` but stay out of owner digests and
escalations until reviewed. `tracker review` walks through them: through its functions, with
CliRunner's input, and in a real terminal (tmux)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from freezegun import freeze_time

from tracker.cli.review import Walk

NOW = "2026-11-23 10:00:00"
WAITING = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]  # the seeds' actions overdue at ingest


@pytest.fixture
def seeded(cli, seeds):
    with freeze_time(NOW):
        cli("ingest", *map(str, seeds))
        cli("owner", "add", "Anna de Vries", "anna@denhaag.nl")
    return cli


def waiting(cli) -> list[int]:
    with freeze_time(NOW):
        return [r["id"] for r in json.loads(cli("open", "--review", "--sort", "id", "--format",
                                                "json").output)]


def kinds(sql, action_id: int) -> list[str]:
    return [k for (k,) in sql("SELECT kind FROM events WHERE action_id = :id"
                                        " ORDER BY id", {"id": action_id})]


def test_ingest_marks_what_came_in_overdue(seeded, sql):
    assert waiting(seeded) == WAITING
    assert sql("SELECT note FROM events WHERE action_id = 5 AND kind = 'created'") == [
        ("from 001_db49e06d3a98a721.txt, line 117; its deadline had passed: waits for review",)]
    with freeze_time(NOW):
        out = seeded("show", "5").output
        assert ("  review    waiting: its deadline had passed when it came in; no mail"
                " until `tracker review 5`") in out
        assert json.loads(seeded("show", "13", "--format", "json").output)["needs_review"] is False
        assert seeded("open").output.splitlines()[-1] == (
            "15 open, 11 overdue, 14 unassigned, 11 to review")


def test_waiting_actions_stay_out_of_owner_digests_and_escalations(seeded, config,
                                                                   sql):
    with freeze_time(NOW):
        # #10 went to the Resilience team through [teams]: 2022, so waiting.
        out = seeded("digest", "preview", "--owner", "resilience@example.org").output
        assert out == "resilience@example.org has no open actions: no mail in 2026-W48.\n"
        summary = seeded("digest", "preview", "--coordinator").output
        assert "TE BEOORDELEN (11)" in summary
        review = summary.split("TE BEOORDELEN (11)")[1].split("ESCALATIE")[0]
        assert "  #10  De steden Pontevedra en Budapest" in review
        assert "Eigenaar: Resilience team <resilience@example.org>" in review
        assert "VERLOPEN PER EIGENAAR (0)" in summary  # each action once: under review
        assert "ESCALATIE: MEER DAN 28 DAGEN VERLOPEN (0)" in summary
        assert "Beoordelen: tracker review" in summary
        html = seeded("digest", "preview", "--coordinator", "--html").output
        assert "Te beoordelen (11)" in html
        seeded("review", "10", "--accept", "--note", "bekend bij het team")
        out = seeded("digest", "preview", "--owner", "resilience@example.org").output
        assert "#10  De steden Pontevedra" in out
        summary = seeded("digest", "preview", "--coordinator").output
        assert "TE BEOORDELEN (10)" in summary
        assert "ESCALATIE: MEER DAN 28 DAGEN VERLOPEN (1)" in summary
        seeded("digest", "send")
    sent = sorted(p.name.split(".")[2] for p in Path(config.mail.outbox).glob("*.eml"))
    assert sent == ["coordinator_summary", "owner_digest"]
    assert sql("SELECT actor, note FROM events WHERE action_id = 10 AND"
                         " kind = 'reviewed'") == [("tester", "bekend bij het team")]


def test_deciding_owner_or_deadline_ends_the_wait(seeded, sql):
    with freeze_time(NOW):
        seeded("assign", "1", "--owner", "anna")
        seeded("assign", "2", "--none")  # unassigned already: still a decision
        seeded("due", "3", "1 maart 2027")
        seeded("due", "4", "--clear")
        seeded("edit", "5", "--title", "Placemaking X")  # a correction, no decision
        seeded("note", "6", "gebeld")
        seeded("split", "7", "--part", "Ontwikkelingen volgen", "--part", "Kennis delen")
        seeded("close", "8")
        seeded("drop", "9", "--reason", "loopt niet")
    assert kinds(sql, 1) == ["created", "assigned", "reviewed"]
    assert kinds(sql, 2) == ["created", "reviewed"]
    assert kinds(sql, 3) == ["created", "due_changed", "reviewed"]
    assert kinds(sql, 4) == ["created", "due_cleared", "reviewed"]
    assert waiting(seeded) == [5, 6, 7, 10, 11, 17]  # closed and dropped ones wait no more
    with freeze_time(NOW):
        seeded("reopen", "8")
    assert 8 in waiting(seeded)  # reopened: back in review, as it was never reviewed
    with freeze_time(NOW):
        result = seeded("review", "1", "--accept", ok=False)
    assert (result.exit_code, result.stderr) == (
        1, "Error: action #1 is not waiting for review\n")
    with freeze_time(NOW):
        result = seeded("review", "--accept", ok=False)
    assert result.exit_code == 2 and "--accept needs the ids" in result.output
    with freeze_time(NOW):
        assert seeded("review", "5-6", "--accept").output.count("accepted as it is") == 2


class Script:
    """Keys and answers for a Walk, and what it printed."""

    def __init__(self, *steps: str):
        self.steps = list(steps)
        self.lines: list[str] = []

    def key(self) -> str:
        return self.steps.pop(0) if self.steps else "q"

    def ask(self, question: str, **_) -> str:
        self.lines.append(f"? {question}")
        return self.steps.pop(0)

    def echo(self, text: str = "", nl: bool = True, err: bool = False) -> None:
        self.lines.append(text)


def test_the_walk_writes_what_the_single_commands_write(seeded, app, sql):
    script = Script("o", "nobody",  # an error: the same action again
                    "o", "anna",
                    "d", "1 maart 2027",
                    "s",  # #3 has two sentences: #3 again, then its new part #17
                    "a",
                    "x", "hoort bij #3",
                    "c", "al gebeurd",
                    "n",
                    "d", "none")
    with freeze_time(NOW):
        walk = Walk(app, list(WAITING), script.key, script.ask, script.echo)
        walk.run()
    printed = "\n".join(script.lines)
    assert "Error: no owner 'nobody' (see `tracker owner list`)" in printed
    assert "#1 assigned to Anna de Vries <anna@denhaag.nl>" in printed
    assert "#3 split into #3, #17" in printed
    assert "--- 4 of 12 waiting for review ---" in printed  # #17 queued after #3
    assert walk.reviewed == 6
    assert kinds(sql, 1) == ["created", "assigned", "reviewed"]
    assert kinds(sql, 2) == ["created", "due_changed", "reviewed"]
    assert kinds(sql, 3) == ["created", "split", "reviewed"]
    assert kinds(sql, 17) == ["created", "dropped"]
    assert kinds(sql, 4) == ["created", "closed"]
    assert kinds(sql, 5) == ["created"]  # next: skipped
    assert kinds(sql, 6) == ["created", "due_cleared", "reviewed"]
    assert sql("SELECT note FROM events WHERE action_id = 4 AND kind = 'closed'") == [
        ("al gebeurd",)]
    assert waiting(seeded) == [5, 7, 8, 9, 10, 11]


def test_review_command_with_input(seeded):
    with freeze_time(NOW):
        result = seeded("review", "2-3", input="a" + "d" + "someday\n" + "d" + "2027-02-01\n")
    assert "--- 1 of 2 waiting for review ---\n#2  De volgende bijeenkomst" in result.output
    assert "#2 accepted as it is" in result.output
    assert "Error: unreadable date 'someday'" in result.output
    assert "#3 now due 2027-02-01" in result.output
    assert result.output.endswith("\n2 decided, 9 still waiting for review.\n")
    with freeze_time(NOW):
        result = seeded("review", input="q")
    assert "--- 1 of 9 waiting for review ---" in result.output
    assert result.output.endswith("\n0 decided, 9 still waiting for review.\n")
    with freeze_time(NOW):
        result = seeded("review", "12-13")
    assert result.output == "Nothing waits for review.\n"


class Terminal:
    """A real terminal: tmux on its own socket (in the test's folder), 120x40, running one
    command."""

    def __init__(self, command: str, folder: Path):
        self.socket = str(folder / "tmux.sock")
        self.run("new-session", "-d", "-x", "120", "-y", "40", "-s", "t",
                 f"{command}; echo \"[exit $?]\"; sleep 600")

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-S", self.socket, *args], check=True,
                              capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t")

    def everything(self) -> str:
        return self.run("capture-pane", "-p", "-t", "t", "-S", "-")

    def wait_for(self, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in (found := self.everything()):
                return found
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never showed; the screen:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "t", *keys)

    def close(self) -> None:
        subprocess.run(["tmux", "-S", self.socket, "kill-server"], capture_output=True)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_review_in_a_real_terminal(seeded, config_file, sql, tmp_path):
    tracker = Path(sys.executable).parent / "tracker"
    terminal = Terminal(f"{tracker} --config {config_file} --as coordinator review", tmp_path)
    try:
        terminal.wait_for("--- 1 of 11 waiting for review ---")
        screen = terminal.wait_for("[q]uit ?")
        assert "#1  Als deelnemende stad aan het 2 jarige leerprogramma" in screen
        assert "  >   46  1. Als deelnemende stad" in screen
        terminal.keys("a")  # one key, no Enter: click.getchar in raw mode
        terminal.wait_for("#1 accepted as it is")
        terminal.wait_for("--- 2 of 11 waiting for review ---")
        terminal.keys("o")
        terminal.wait_for("Owner (address or name; - for none):")
        terminal.keys("anna@denhaag.nl", "Enter")
        terminal.wait_for("#2 assigned to Anna de Vries <anna@denhaag.nl>")
        terminal.keys("d")
        terminal.wait_for("New deadline (a date, or 'none'):")
        terminal.keys("1 maart 2027", "Enter")
        terminal.wait_for("#3 now due 2027-03-01")
        terminal.keys("x")
        terminal.wait_for("Reason:")
        terminal.keys("dubbel met #1", "Enter")
        terminal.wait_for("#4 dropped")
        terminal.wait_for("--- 5 of 11 waiting for review ---")
        terminal.keys("q")
        terminal.wait_for("[exit 0]")
        screen = terminal.screen()
        assert "4 decided, 7 still waiting for review." in screen
        assert "#5  Met de director of Placemaking X" in screen
    finally:
        terminal.close()
    assert kinds(sql, 1) == ["created", "reviewed"]
    assert kinds(sql, 2) == ["created", "assigned", "reviewed"]
    assert kinds(sql, 3) == ["created", "due_changed", "reviewed"]
    assert kinds(sql, 4) == ["created", "dropped"]
    assert sql("SELECT DISTINCT actor FROM events WHERE kind <> 'created'"
                         " AND action_id <= 4") == [("coordinator",)]
    assert waiting(seeded) == WAITING[4:]
