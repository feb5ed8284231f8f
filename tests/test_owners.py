"""One rule for which owner a user means, in every command: an address exactly or not at all, a
name exactly (case-insensitive) and only then a unique part of one, ambiguity an error that
lists the candidates. Owners can be edited, reactivated, and two of one name need a flag."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from freezegun import freeze_time

from tracker.cli import fastopen
from tracker.cli.main import cli as root

NOW = "2026-11-23 10:00:00"
OPS = "ops-resilience@example.org"
RES = "resilience@example.org"


@pytest.fixture(autouse=True)
def frozen():
    with freeze_time(NOW):
        yield


@pytest.fixture
def owner_of(sql):
    def email(action_id: int) -> str | None:
        return sql("SELECT o.email FROM actions a LEFT JOIN owners o ON o.id = a.owner_id"
                   " WHERE a.id = :id", {"id": action_id})[0][0]
    return email


def test_an_address_that_is_part_of_another_finds_its_own_owner(cli, owner_of):
    """The issue's case: resilience@ is a substring of ops-resilience@."""
    cli("owner", "add", "Ops Resilience", OPS)
    cli("add", "Contact opnemen met Pontevedra")
    result = cli("assign", "1", "--owner", RES, ok=False)  # not an owner (yet): no stand-in
    assert (result.exit_code, result.stderr) == (
        1, f"Error: no owner '{RES}': add one with `tracker owner add NAME {RES}`\n")
    assert owner_of(1) is None
    cli("owner", "add", "Resilience team", RES)
    assert cli("assign", "1", "--owner", RES).output == (
        f"#1 assigned to Resilience team <{RES}>\n")
    assert owner_of(1) == RES
    cli("assign", "1", "--owner", OPS.upper())  # addresses are case-insensitive
    assert owner_of(1) == OPS
    assert json.loads(cli("open", "--owner", RES, "--format", "json").output) == []
    assert json.loads(cli("export", "--format", "json", "--owner", RES).output) == []
    assert [r["id"] for r in json.loads(cli("export", "--format", "json", "--owner",
                                            OPS).output)] == [1]


def test_teams_at_ingest_go_to_the_address_the_mapping_names(cli, seeds, sql):
    """[teams] maps "Resilience team" to resilience@; ops-resilience@ exists, resilience@ does
    not: the action goes to a new owner resilience@, as the ingest output says."""
    cli("owner", "add", "Ops Resilience", OPS)
    out = cli("ingest", str(seeds[1])).output
    assert f"owner: {RES} ('Resilience team' in [teams])" in out
    team_actions = sql("SELECT a.id, o.email, o.name FROM actions a JOIN owners o"
                                " ON o.id = a.owner_id")
    assert [(email, name) for _, email, name in team_actions] == [(RES, "Resilience team")]


def test_open_by_a_name_two_owners_share_is_an_error_listing_both(cli, config_file, seeds,
                                                                  capsys, sql):
    cli("owner", "add", "Anna de Vries", "anna@example.org")
    result = cli("owner", "add", "anna  DE vries", "anna.devries@example.org", ok=False)
    assert (result.exit_code, result.stderr) == (
        1, "Error: an owner named 'Anna de Vries' exists already (anna@example.org): use"
           " --allow-same-name to have two\n")
    cli("owner", "add", "Anna de Vries", "anna.devries@example.org", "--allow-same-name")
    cli("add", "Iets", "--owner", "anna@example.org")
    cli("add", "Iets anders", "--owner", "anna.devries@example.org")
    message = ("Error: 'anna de vries' matches 2 owners (Anna de Vries <anna@example.org>,"
               " Anna de Vries <anna.devries@example.org>): use the e-mail address\n")
    for args in (["open", "--owner", "anna de vries"],
                 ["assign", "1", "--owner", "anna de vries"],
                 ["export", "--format", "json", "--owner", "anna de vries"],
                 ["digest", "preview", "--owner", "anna de vries"],
                 ["add", "Nog iets", "--owner", "anna de vries"],
                 ["ingest", "--owner", "anna de vries", str(seeds[0])]):
        result = cli(*args, ok=False)
        assert (result.exit_code, result.stderr) == (1, message), args
    argv = ["--config", str(config_file), "open", "--owner", "anna de vries"]
    capsys.readouterr()
    assert fastopen.fast_open(argv) == 1
    assert capsys.readouterr().err == message  # the fast path says the same
    # A part of a name is ambiguous too; the address is not.
    assert "matches 2 owners" in cli("open", "--owner", "anna", ok=False).stderr
    assert [r["id"] for r in json.loads(cli("open", "--owner", "anna@example.org", "--format",
                                            "json").output)] == [1]
    assert sql("SELECT count(*) FROM reports") == [(0,)]


@pytest.mark.parametrize("typed, found", [
    ("anna@example.org", "anna@example.org"),
    ("ANNA@EXAMPLE.ORG", "anna@example.org"),
    ("Émile Zola", "emile@example.org"),
    ("émile zola", "emile@example.org"),  # SQLite's lower() would miss É
    ("ZOLA", "emile@example.org"),  # a part of one name
    ("  anna   de vries ", "anna@example.org"),
    ("Bram", "bram@example.org"),
])
def test_what_a_user_types_finds_one_owner(cli, typed, found, owner_of):
    cli("owner", "add", "Anna de Vries", "anna@example.org")
    cli("owner", "add", "Émile Zola", "emile@example.org")
    cli("owner", "add", "Bram", "bram@example.org")
    cli("owner", "add", "Bramwell Stoker", "bram.stoker@example.org")  # "bram" is part of it
    cli("add", "Iets")
    cli("assign", "1", "--owner", typed)
    assert owner_of(1) == found


@pytest.mark.parametrize("typed, message", [
    ("zola@example.org", "Error: no owner 'zola@example.org': add one with"
                         " `tracker owner add NAME zola@example.org`"),  # no part of an address
    ("emile@example", "Error: invalid e-mail address 'emile@example'"),  # as owner add says
    ("example.org", "Error: no owner 'example.org' (see `tracker owner list`)"),  # no name
    ("nobody", "Error: no owner 'nobody' (see `tracker owner list`)"),
    ("an", "Error: 'an' matches 2 owners (Anna de Vries <anna@example.org>, Bram Jansen"
           " <bram@example.org>): use the e-mail address"),
    ("  ", "Error: the owner must not be empty"),
])
def test_owner_not_found_or_ambiguous(cli, typed, message, owner_of):
    cli("owner", "add", "Anna de Vries", "anna@example.org")
    cli("owner", "add", "Bram Jansen", "bram@example.org")
    cli("add", "Iets")
    result = cli("assign", "1", "--owner", typed, ok=False)
    assert result.stderr.startswith(message), result.stderr
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert owner_of(1) is None


def test_owner_edit_and_activate(cli, owner_of, sql):
    cli("owner", "add", "Anna de Vries", "anna@example.org")
    cli("owner", "add", "Bram Jansen", "bram@example.org")
    cli("add", "Iets", "--owner", "anna@example.org")
    assert cli("owner", "edit", "anna@example.org", "--name", "Anna van Dijk", "--email",
               "A.vanDijk@example.org", "--language", "en").output == (
        "Owner now Anna van Dijk <a.vandijk@example.org> (en)\n")
    assert owner_of(1) == "a.vandijk@example.org"  # the same owner, renamed
    assert cli("owner", "deactivate", "anna van dijk").output.startswith("Deactivated")
    assert cli("open", "--unassigned", "--format", "json").output.count('"id": 1') == 1
    cli("owner", "edit", "a.vandijk@example.org", "--name", "Anna de Vries")  # deactivated too
    assert cli("owner", "activate", "a.vandijk@example.org").output == (
        "Activated Anna de Vries <a.vandijk@example.org>.\n")
    assert json.loads(cli("open", "--format", "json").output)[0]["owner_email"] == (
        "a.vandijk@example.org")
    assert sql("SELECT name, email, language, active FROM owners ORDER BY id") == [
        ("Anna de Vries", "a.vandijk@example.org", "en", True),
        ("Bram Jansen", "bram@example.org", "nl", True)]


@pytest.mark.parametrize("args, code, message", [
    (["owner", "edit", "anna@example.org"], 2, "give --name, --email or --language"),
    (["owner", "edit", "anna@example.org", "--email", "bram@example.org"], 1,
     "Error: owner bram@example.org already exists (Bram Jansen)"),
    (["owner", "edit", "anna@example.org", "--email", "not an address"], 1,
     "Error: invalid e-mail address 'not an address'"),
    (["owner", "edit", "anna@example.org", "--name", "bram jansen"], 1,
     "Error: an owner named 'Bram Jansen' exists already (bram@example.org): use"
     " --allow-same-name to have two"),
    (["owner", "edit", "anna@example.org", "--name", "Anna de Vries"], 1,
     "Error: owner anna@example.org already has these values"),
    (["owner", "edit", "anna@example.org", "--name", " "], 1,
     "Error: the owner's name must not be empty"),
    (["owner", "edit", "ghost@example.org", "--name", "X"], 1,
     "Error: no owner 'ghost@example.org': add one with"),
    (["owner", "activate", "anna@example.org"], 1, "Error: owner anna@example.org is already"
                                                   " active"),
    (["owner", "activate", "nobody"], 1, "Error: no owner 'nobody'"),
])
def test_owner_bad_input_writes_nothing(cli, args, code, message, sql):
    cli("owner", "add", "Anna de Vries", "anna@example.org")
    cli("owner", "add", "Bram Jansen", "bram@example.org")
    before = sql("SELECT * FROM owners ORDER BY id")
    result = cli(*args, ok=False)
    assert result.exit_code == code
    assert message in result.output
    if code == 1:
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert sql("SELECT * FROM owners ORDER BY id") == before


def test_edit_with_allow_same_name(cli, sql):
    cli("owner", "add", "Anna de Vries", "anna@example.org")
    cli("owner", "add", "Bram Jansen", "bram@example.org")
    cli("owner", "edit", "bram@example.org", "--name", "Anna de Vries", "--allow-same-name")
    assert sql("SELECT name FROM owners ORDER BY id") == [("Anna de Vries",)] * 2


def test_the_help_says_owners_are_found_one_way():
    result = CliRunner().invoke(root, ["owner", "add", "-h"])
    assert "--allow-same-name" in result.output
