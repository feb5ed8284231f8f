from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.config import find_config_file, load_config
from tracker.errors import ConfigError


def write(tmp_path, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads_and_resolves_paths_relative_to_it():
    from pathlib import Path

    example = Path(__file__).parent.parent / "config.toml"
    config = load_config(example, env={})
    assert config.timezone == "Europe/Amsterdam"
    assert config.database.url == f"sqlite:///{example.parent.resolve() / 'var/tracker.db'}"
    assert config.mail.outbox == str(example.parent.resolve() / "var/outbox")
    assert config.mail.transport == "file"
    assert config.teams == {"Resilience team": "resilience@example.org"}


def test_defaults_without_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "empty"))
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    config = load_config(None, env={})
    assert config.defaults.due_days == 42
    assert config.database.url == f"sqlite:///{tmp_path / 'tracker' / 'tracker.db'}"


@pytest.mark.parametrize("text, message", [
    ('colour = "red"\n', "unknown key 'colour'"),
    ('[database]\nurl = "x"\nport = 1\n', "unknown key 'database.port'"),
    ('[defaults]\ndue_days = "six"\n', "defaults.due_days must be an integer, not 'six'"),
    ('[defaults]\ndue_days = true\n', "defaults.due_days must be an integer, not True"),
    ('[defaults]\ndue_days = -1\n', "defaults.due_days must be between 0 and 3650, not -1"),
    ('timezone = "Europe/Atlantis"\n', "timezone: unknown time zone 'Europe/Atlantis'"),
    ('coordinators = ["not-an-address"]\n',
     "coordinators: invalid e-mail address 'not-an-address'"),
    ('coordinators = "a@b.nl"\n', "coordinators must be a list of strings"),
    ('[mail]\nsender = "tracker"\n', "mail.sender: invalid e-mail address 'tracker'"),
    ('[mail]\ntransport = "pigeon"\n', "mail.transport must be one of file, smtp, not 'pigeon'"),
    ('[smtp]\nsecurity = "tls"\n', "smtp.security must be one of plain, ssl, starttls, not 'tls'"),
    ('language = "de"\n', "language must be one of en, nl, not 'de'"),
    ('[schedule]\ncron = "0 8 * *"\n', "schedule.cron: a cron expression has five fields"),
    ('[teams]\n"Resilience team" = "nobody"\n',
     "teams.'Resilience team': invalid e-mail address 'nobody'"),
    ('[web]\nbase_url = "vervolg.example.org"\n', "web.base_url must be the server's public"
     " address such as https://vervolg.example.org, not 'vervolg.example.org'"),
    ('[web]\nbase_url = "https://x.example.org/?t=1"\n', "web.base_url must be the server's"),
    ('[web]\nlink_days = 0\n', "web.link_days must be between 1 and 365, not 0"),
    ('[web]\nsecret_env = "MY SECRET"\n',
     "web.secret_env must name an environment variable, not 'MY SECRET'"),
    ('[web]\ntrusted_proxy = "proxy.example.org"\n', "web.trusted_proxy must be the proxy's"
     " IP address, \"localhost\" or \"*\", not 'proxy.example.org'"),
    ('database = 3\n', "[database] must be a table"),
    ('[database\n', "invalid TOML"),
])
def test_config_errors_name_file_and_key(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, env={})
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml", env={})


def test_environment_overrides_file(tmp_path):
    path = write(tmp_path, '[database]\nurl = "sqlite:///a.db"\n[defaults]\ndue_days = 10\n')
    config = load_config(path, env={"TRACKER_DATABASE_URL": "postgresql+psycopg://u@h/d",
                                    "TRACKER_DEFAULTS_DUE_DAYS": "7",
                                    "TRACKER_TIMEZONE": "UTC",
                                    "TRACKER_COORDINATORS": "a@b.nl, c@d.nl",
                                    "TRACKER_SMTP_PASSWORD": "secret"})
    assert config.database.url == "postgresql+psycopg://u@h/d"
    assert config.defaults.due_days == 7
    assert config.timezone == "UTC"
    assert config.coordinators == ("a@b.nl", "c@d.nl")


def test_the_web_secret_is_read_from_the_variable_named_and_never_warned_about(tmp_path,
                                                                              monkeypatch):
    path = write(tmp_path, '[web]\nsecret_env = "DEPARTMENT_LINK_KEY"\n')
    monkeypatch.setenv("DEPARTMENT_LINK_KEY", "k" * 40)
    config = load_config(path, env={"TRACKER_WEB_BASE_URL": "https://vervolg.example.org/a"})
    assert config.web_secret() == "k" * 40
    assert config.web.base_url == "https://vervolg.example.org/a"
    assert "k" * 40 not in repr(config.redacted()) and config.redacted()["web"]["secret_set"]
    # Its default variable is tracker's own name, and no misspelt setting.
    quiet = load_config(write(tmp_path, ""), env={"TRACKER_WEB_SECRET": "s" * 40})
    assert quiet.warnings == ()


def test_environment_values_are_validated(tmp_path):
    path = write(tmp_path, "")
    with pytest.raises(ConfigError, match="environment TRACKER_DEFAULTS_DUE_DAYS: must be an"):
        load_config(path, env={"TRACKER_DEFAULTS_DUE_DAYS": "soon"})


def test_password_only_from_environment_and_never_shown(tmp_path, monkeypatch):
    path = write(tmp_path, '[smtp]\npassword_env = "MY_SMTP_PW"\n'
                 '[database]\nurl = "postgresql+psycopg://u:dbsecret@h/d"\n')
    monkeypatch.setenv("MY_SMTP_PW", "hunter2")
    config = load_config(path, env={})
    assert config.smtp_password() == "hunter2"
    shown = repr(config.redacted())
    assert "hunter2" not in shown and "dbsecret" not in shown
    assert config.redacted()["smtp"]["password_set"] is True
    with pytest.raises(ConfigError, match="unknown key 'smtp.password'"):
        load_config(write(tmp_path, '[smtp]\npassword = "x"\n'), env={})


def test_lookup_order(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    assert find_config_file(None) is None
    user = tmp_path / "xdg" / "tracker" / "config.toml"
    user.parent.mkdir(parents=True)
    user.write_text("")
    assert find_config_file(None) == user
    (tmp_path / "config.toml").write_text('timezone = "Europe/Amsterdam"\n'
                                          '[mail]\nsender = "a@b.nl"\n')
    assert find_config_file(None) == Path("config.toml")  # only tracker's keys: tracker's
    (tmp_path / "tracker.toml").write_text("")
    assert find_config_file(None) == Path("tracker.toml")  # tracker.toml first
    monkeypatch.setenv("TRACKER_CONFIG", "/elsewhere.toml")
    assert str(find_config_file(None)) == "/elsewhere.toml"
    assert str(find_config_file("given.toml")) == "given.toml"
    assert capsys.readouterr().err == ""


HUGO = """baseURL = "https://example.org/"
languageCode = "nl-nl"
title = "Onze site"
theme = "ananke"
[params]
description = "Een Hugo-site"
"""


@pytest.mark.parametrize("text, warning", [
    (HUGO, ""),  # another tool's file: passed over without a word
    ("this is [not toml", ""),
    ("", ""),
    ('timezone = "Europe/Amsterdam"\n[databse]\nurl = "sqlite:///x.db"\n',
     "Warning: config.toml: not read, 'databse' is no key of tracker's (tracker reads"
     " ./tracker.toml, or ./config.toml holding only its own keys)\n"),
])
def test_another_tools_config_toml_is_passed_over(tmp_path, monkeypatch, text, warning):
    """A Hugo site's config.toml made every command fail with "unknown key 'baseURL'"; now the
    commands run on the defaults (or the user's file), and `config show` says which."""
    (tmp_path / "config.toml").write_text(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "xdg"), XDG_DATA_HOME=str(tmp_path / "data"))
    shown = subprocess.run([sys.executable, "-m", "tracker", "config", "show"], cwd=tmp_path,
                           env=env, capture_output=True, text=True)
    no_summary = ("Warning: no coordinators configured: the weekly coordinator summary goes to"
                  " nobody (set `coordinators` in a config file)\n")
    assert shown.returncode == 0 and shown.stderr == warning + no_summary
    assert '"source": "(built-in defaults)"' in shown.stdout
    opened = subprocess.run([sys.executable, "-m", "tracker", "open"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert (opened.returncode, opened.stdout) == (0, "No open actions.\n")
    assert (tmp_path / "data" / "tracker" / "tracker.db").exists()


@pytest.mark.parametrize("section, key, text, message", [
    ("schedule", "hour", '[schedule]\nhour = "eight"\n', "schedule.hour must be an integer"),
    ("", "coordinators", 'coordinators = "a@b.nl"\n', "coordinators must be a list of strings"),
    ("mail", "sender", '[mail]\nsender = 3\n', "mail.sender must be a string"),
])
def test_validation_follows_the_default_not_the_annotation(tmp_path, monkeypatch, section, key,
                                                           text, message):
    """Spelling a field's annotation differently must not switch its validation off."""
    from tracker import config as config_module

    cls = config_module._SECTION_CLASSES.get(section, config_module.Config)
    monkeypatch.setitem(cls.__annotations__, key, "typing.Any")
    with pytest.raises(ConfigError, match=message):
        load_config(write(tmp_path, text), env={})
    path = write(tmp_path, "")
    if key == "hour":
        with pytest.raises(ConfigError, match="must be an integer"):
            load_config(path, env={"TRACKER_SCHEDULE_HOUR": "eight"})
    if key == "coordinators":
        assert load_config(path, env={"TRACKER_COORDINATORS": "a@b.nl,c@d.nl"}).coordinators \
            == ("a@b.nl", "c@d.nl")
