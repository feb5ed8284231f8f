"""One address rule: what `owner add`, --owner, [teams], coordinators and mail.sender accept, the
mail library accepts in a header and smtplib sends; what one refuses, all refuse."""

from __future__ import annotations

import smtplib
import string
from datetime import UTC, datetime
from email.errors import MessageError

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.addresses import is_email
from tracker.config import load_config
from tracker.errors import ConfigError
from tracker.mail.transports import build_message

REFUSED = ["jan..jansen@example.org", ".jan@example.org", "jan.@example.org",
           "jan@example..org", "jan@-example.org", "jan@example-.org", "jan@example.1",
           "jan@example_org.nl", '"jan"@example.org', "jän@example.org", "jan@localhost",
           "jan jansen@example.org", "jan@example.org\n", "a" * 65 + "@example.org"]
ACCEPTED = ["jan.jansen@example.org", "j+tag@sub.example.org", "o'brien@example.ie",
            "x@a-b.example.nl", "a!#$%&'*+/=?^_`{|}~-@x.nl"]


def header_accepts(address: str) -> bool:
    """The mail library builds and serialises a message to the address, and smtplib would
    put it in RCPT TO unchanged."""
    try:
        message = build_message(sender="tracker@example.org", sender_name="t", to=address,
                                to_name="Jan", subject="s", text="t", html="<p>t</p>",
                                message_id="<id@example.org>",
                                when=datetime(2026, 11, 23, tzinfo=UTC), language="nl",
                                reply_to=None)
        bytes(message)
    except (ValueError, MessageError):  # what the library raises for an address it refuses
        return False
    return (message["To"].addresses[0].addr_spec == address
            and smtplib.quoteaddr(address) == f"<{address}>")


@pytest.mark.parametrize("address", REFUSED + ACCEPTED)
def test_the_rule_and_the_mail_library_agree(address):
    assert is_email(address) == (address in ACCEPTED)
    if is_email(address):
        assert header_accepts(address)


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + ".@-_+'\"!#~ ", max_size=40),
    st.from_regex(r"[a-z0-9.+'-]{1,12}@[a-z0-9.-]{1,12}\.[a-z]{2,4}", fullmatch=True)))
def test_whatever_the_rule_accepts_the_mail_library_accepts(address):
    if is_email(address):
        assert header_accepts(address), address


@pytest.mark.parametrize("where, text", [
    ("coordinators", 'coordinators = ["jan..jansen@example.org"]\n'),
    ("teams", '[teams]\n"Resilience team" = "jan..jansen@example.org"\n'),
    ("mail.sender", '[mail]\nsender = "jan..jansen@example.org"\n'),
])
def test_the_configuration_refuses_what_the_mail_library_would(tmp_path, where, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"invalid e-mail address 'jan\.\.jansen@"):
        load_config(path, env={})
    path.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="environment TRACKER_COORDINATORS: invalid e-mail"):
        load_config(path, env={"TRACKER_COORDINATORS": "a@example.org, jan..jansen@example.org"})


def test_the_commands_refuse_what_the_mail_library_would(cli, seeds):
    bad = "jan..jansen@example.org"
    added = cli("owner", "add", "Jan Jansen", bad, ok=False)
    assert (added.exit_code, added.stderr) == (1, f"Error: invalid e-mail address '{bad}'\n")
    ingested = cli("ingest", str(seeds[0]), "--owner", bad, ok=False)
    assert ingested.exit_code == 1
    assert ingested.stderr == f"Error: invalid e-mail address '{bad}'\n"  # as owner add says
    assert "No owners yet" in cli("owner", "list").output
    assert cli("reports").output.startswith("No reports")
