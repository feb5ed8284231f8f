"""config.toml -> one frozen Config. Defaults < file < TRACKER_* variables < command-line options.

Every validation error names the file (or variable) and the key.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.addresses import is_email
from tracker.errors import ConfigError
from tracker.record import Record

APP_NAME = "tracker"


def user_config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / APP_NAME


def user_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / APP_NAME


class DatabaseConfig(Record):
    # Relative SQLite paths are resolved against the config file's folder.
    url: str = ""


class DefaultsConfig(Record):
    due_days: int = 42
    escalate_after_days: int = 28
    max_file_mb: int = 10


class MailConfig(Record):
    transport: str = "file"
    sender: str = "tracker@localhost.localdomain"
    sender_name: str = "Follow-up tracker"
    outbox: str = ""
    max_attempts: int = 5
    # Where a reply goes (Reply-To); empty: the first coordinator. Without either, the mails
    # invite no reply.
    reply_to: str = ""
    # Put before every subject, so that people and their filters recognise the mails.
    subject_tag: str = "[Vervolgafspraken]"


class SmtpConfig(Record):
    host: str = "localhost"
    port: int = 587
    security: str = "starttls"
    username: str = ""
    password_env: str = "TRACKER_SMTP_PASSWORD"
    timeout: int = 30


class ScheduleConfig(Record):
    # Either a five-field cron expression, or day_of_week/hour/minute.
    cron: str = ""
    day_of_week: str = "mon"
    hour: int = 8
    minute: int = 0
    # Hours after the slot in which a missed round is still sent; 0 means until the week ends.
    catch_up_hours: int = 0


class Config(Record):
    timezone: str = "Europe/Amsterdam"
    language: str = "nl"
    coordinators: tuple[str, ...] = ()
    database: DatabaseConfig = DatabaseConfig()
    defaults: DefaultsConfig = DefaultsConfig()
    mail: MailConfig = MailConfig()
    smtp: SmtpConfig = SmtpConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    # Owner hint (a team named in a report) -> owner e-mail address.
    teams: dict[str, str] = {}  # noqa: RUF012 (copied per instance by Record)
    source: str = "(built-in defaults)"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def team_owner(self, hint: str | None) -> str | None:
        """The owner address [teams] gives a team named in a report (case-insensitive)."""
        if not hint:
            return None
        return next((email for team, email in self.teams.items()
                     if team.lower() == hint.lower()), None)

    @property
    def reply_address(self) -> str | None:
        """Who receives a reply to a mail: mail.reply_to, else the first coordinator."""
        return self.mail.reply_to or next(iter(self.coordinators), None)

    def is_team_address(self, email: str) -> bool:
        """Whether [teams] names this address as a team's."""
        return email.lower() in (address.lower() for address in self.teams.values())

    def smtp_password(self) -> str | None:
        """The SMTP password, read only from the environment variable the config names."""
        return os.environ.get(self.smtp.password_env) or None

    def redacted(self) -> dict[str, object]:
        """The configuration as data for display; holds no secret (the password is never loaded)."""
        data = self.as_dict()
        data["database"]["url"] = re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", self.database.url)
        data["smtp"]["password_set"] = self.smtp_password() is not None
        return data


_SECTIONS = Config.fields()
_SECTION_CLASSES = {"database": DatabaseConfig, "defaults": DefaultsConfig, "mail": MailConfig,
                    "smtp": SmtpConfig, "schedule": ScheduleConfig}
_CHOICES = {
    ("", "language"): {"nl", "en"},
    ("mail", "transport"): {"file", "smtp"},
    ("smtp", "security"): {"starttls", "ssl", "plain"},
}


def find_config_file(explicit: str | None) -> Path | None:
    """--config, then $TRACKER_CONFIG, ./tracker.toml, ./config.toml when it is tracker's (see
    is_trackers), the user config dir; None for the built-in defaults."""
    if explicit:
        return Path(explicit)
    if env := os.environ.get("TRACKER_CONFIG"):
        return Path(env)
    if Path("tracker.toml").is_file():
        return Path("tracker.toml")
    if Path("config.toml").is_file() and is_trackers(Path("config.toml")):
        return Path("config.toml")
    if (user := user_config_dir() / "config.toml").is_file():
        return user
    return None


def is_trackers(path: Path) -> bool:
    """Whether a config.toml in the current folder is tracker's own: TOML whose every top-level
    key is one of tracker's. Another tool's file (a Hugo site's, say) is passed over without a
    word; one that mixes tracker's keys with others, likely tracker's with a typo, is passed
    over with a warning naming the key."""
    try:
        keys = set(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    ours = set(_SECTIONS) - {"source"}
    if keys and keys <= ours:
        return True
    if keys & ours:
        foreign = sorted(keys - ours)[0]
        print(f"Warning: {path}: not read, {foreign!r} is no key of tracker's (tracker reads"
              " ./tracker.toml, or ./config.toml holding only its own keys)", file=sys.stderr)
    return False


def load_config(path: str | Path | None = None, *,
                env: dict[str, str] | None = None) -> Config:
    """Load and validate; `path=None` looks the file up as find_config_file does."""
    env = os.environ if env is None else env
    file = Path(path) if path is not None else find_config_file(None)
    raw: dict[str, object] = {}
    where = "(built-in defaults)"
    if file is not None:
        where = str(file)
        try:
            raw = tomllib.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{file}: config file not found") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{file}: cannot read config file ({exc})") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: invalid TOML: {exc}") from None
    base_dir = file.resolve().parent if file is not None else None
    config = _build(raw, where)
    config = _apply_env(config, env)
    return _finish(config, base_dir, where)


def _build(raw: dict[str, object], where: str) -> Config:
    top: dict[str, object] = {}
    for key, value in raw.items():
        if key not in _SECTIONS or key == "source":
            raise ConfigError(f"{where}: unknown key {key!r}")
        section_cls = _section_class(key)
        if section_cls is not None:
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{key}] must be a table")
            top[key] = section_cls(**{k: _check(where, key, k, v, section_cls)
                                      for k, v in value.items()})
        elif key == "teams":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ConfigError(f"{where}: [teams] must map team names to e-mail addresses")
            top[key] = {str(k): v for k, v in value.items()}
        else:
            top[key] = _check(where, "", key, value, Config)
    return Config(**top, source=where)


def _section_class(name: str) -> type[Record] | None:
    return _SECTION_CLASSES.get(name)


def _check(where: str, section: str, key: str, value: object, cls: type[Record]) -> object:
    """The value of a key in the file, checked against the type of the key's default."""
    label = f"{section}.{key}" if section else key
    if key not in cls.fields() or key == "source":
        raise ConfigError(f"{where}: unknown key {label!r}")
    expected = type(getattr(cls, key))
    if expected is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {label} must be a list of strings")
        return tuple(value)
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{where}: {label} must be an integer, not {value!r}")
    if expected is str and not isinstance(value, str):
        raise ConfigError(f"{where}: {label} must be a string, not {value!r}")
    return value


def _apply_env(config: Config, env: dict[str, str]) -> Config:
    """TRACKER_<SECTION>_<KEY> or TRACKER_<KEY> overrides, e.g. TRACKER_DATABASE_URL."""
    for name, text in env.items():
        if not name.startswith("TRACKER_"):
            continue
        rest = name[len("TRACKER_"):].lower()
        for section_name in _SECTIONS:
            cls = _section_class(section_name)
            if cls is not None and rest.startswith(section_name + "_"):
                key = rest[len(section_name) + 1:]
                if key in cls.fields():
                    value = _from_env(name, type(getattr(cls, key)), text)
                    section = getattr(config, section_name).replace(**{key: value})
                    config = config.replace(**{section_name: section})
                break
        else:
            if rest in ("timezone", "language", "coordinators"):
                value = _from_env(name, type(getattr(Config, rest)), text)
                config = config.replace(**{rest: value})
    return config


def _from_env(name: str, expected: type, text: str) -> object:
    """A variable's text as the type of the key's default."""
    if expected is int:
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"environment {name}: must be an integer, not {text!r}") from None
    if expected is tuple:
        return tuple(part.strip() for part in text.split(",") if part.strip())
    return text


def _finish(config: Config, base_dir: Path | None, where: str) -> Config:
    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: timezone: unknown time zone {config.timezone!r}") from None
    for (section, key), allowed in _CHOICES.items():
        value = getattr(getattr(config, section) if section else config, key)
        if value not in allowed:
            label = f"{section}.{key}" if section else key
            raise ConfigError(f"{where}: {label} must be one of {', '.join(sorted(allowed))},"
                              f" not {value!r}")
    addresses = [("mail.sender", config.mail.sender),
                 *[("coordinators", c) for c in config.coordinators],
                 *[(f"teams.{t!r}", a) for t, a in config.teams.items()]]
    if config.mail.reply_to:  # empty means the first coordinator
        addresses.append(("mail.reply_to", config.mail.reply_to))
    for label, address in addresses:
        if not is_email(address):
            raise ConfigError(f"{where}: {label}: invalid e-mail address {address!r}")
    for label, number, low in [("defaults.due_days", config.defaults.due_days, 0),
                               ("defaults.escalate_after_days",
                                config.defaults.escalate_after_days, 0),
                               ("defaults.max_file_mb", config.defaults.max_file_mb, 1),
                               ("mail.max_attempts", config.mail.max_attempts, 1),
                               ("smtp.port", config.smtp.port, 1),
                               ("smtp.timeout", config.smtp.timeout, 1),
                               ("schedule.catch_up_hours", config.schedule.catch_up_hours, 0)]:
        if number < low:
            raise ConfigError(f"{where}: {label} must be at least {low}, not {number}")
    if config.schedule.cron and len(config.schedule.cron.split()) != 5:
        raise ConfigError(f"{where}: schedule.cron must have five fields"
                          f" (minute hour day month day-of-week), not {config.schedule.cron!r}")
    base = base_dir or user_data_dir()
    url = config.database.url or f"sqlite:///{base / 'tracker.db'}"
    url = _resolve_sqlite_url(url, base)
    outbox = Path(config.mail.outbox) if config.mail.outbox else base / "outbox"
    if not outbox.is_absolute():
        outbox = base / outbox
    return config.replace(database=config.database.replace(url=url),
                          mail=config.mail.replace(outbox=str(outbox)))


def _resolve_sqlite_url(url: str, base: Path) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix:
        path = url[len(prefix):]
        if path != ":memory:":
            return prefix + str(base / path)
    return url
