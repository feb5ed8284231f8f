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
    # A report yielding more agreements is refused (ingest --force takes it anyway).
    max_actions_per_report: int = 50


class MailConfig(Record):
    transport: str = "file"
    sender: str = "tracker@localhost.localdomain"
    sender_name: str = "Follow-up tracker"
    outbox: str = ""
    max_attempts: int = 5  # permanent refusals (5xx) before a delivery is given up
    max_deferrals: int = 8  # temporary refusals (4xx), retried with a growing pause
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
    # A login over security = "plain" sends the password unencrypted: refused unless this is set.
    allow_plaintext_login: bool = False


class ScheduleConfig(Record):
    # Either a five-field cron expression, or day_of_week/hour/minute.
    cron: str = ""
    day_of_week: str = "mon"
    hour: int = 8
    minute: int = 0
    # Hours after the slot in which a missed round is still sent; 0 means until the week ends.
    catch_up_hours: int = 0


class WebConfig(Record):
    # The public address of `tracker serve` behind the reverse proxy, e.g.
    # "https://vervolgafspraken.denhaag.nl"; empty: the mails carry no links, only commands.
    base_url: str = ""
    # How long a link in a mail works.
    link_days: int = 28
    # The NAME of the environment variable that holds the secret the links are signed with; the
    # secret itself is never in a file.
    secret_env: str = "TRACKER_WEB_SECRET"
    # The address of the reverse proxy whose X-Forwarded-For/-Proto `tracker serve` believes
    # ("" none, "*" any); without it every visitor looks like the proxy.
    trusted_proxy: str = ""


class Config(Record):
    timezone: str = "Europe/Amsterdam"
    language: str = "nl"
    coordinators: tuple[str, ...] = ()
    database: DatabaseConfig = DatabaseConfig()
    defaults: DefaultsConfig = DefaultsConfig()
    mail: MailConfig = MailConfig()
    smtp: SmtpConfig = SmtpConfig()
    schedule: ScheduleConfig = ScheduleConfig()
    web: WebConfig = WebConfig()
    # Owner hint (a team named in a report) -> owner e-mail address.
    teams: dict[str, str] = {}  # noqa: RUF012 (copied per instance by Record)
    source: str = "(built-in defaults)"
    # What loading noticed without refusing it (an unknown TRACKER_* variable); the CLI prints
    # each as "Warning: ...".
    warnings: tuple[str, ...] = ()

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

    def web_secret(self) -> str | None:
        """The secret that signs the web links, read only from the variable the config names."""
        return os.environ.get(self.web.secret_env) or None

    def redacted(self) -> dict[str, object]:
        """The configuration as data for display; holds no secret (the SMTP password is never
        loaded, the database's is masked in whichever form the URL gives it)."""
        data = self.as_dict()
        data["database"]["url"] = mask_url(self.database.url)
        data["smtp"]["password_set"] = self.smtp_password() is not None
        data["web"]["secret_set"] = self.web_secret() is not None
        return data

    def no_coordinators_note(self) -> str | None:
        """Said by `digest send` and `config show`: a summary nobody receives is easy to miss."""
        if self.coordinators:
            return None
        where = "a config file" if self.source == "(built-in defaults)" else self.source
        return ("no coordinators configured: the weekly coordinator summary goes to nobody"
                f" (set `coordinators` in {where})")

    def plaintext_login_problem(self) -> str | None:
        """Why the SMTP login may not happen: a password sent unencrypted, not allowed."""
        smtp = self.smtp
        if smtp.username and smtp.security == "plain" and not smtp.allow_plaintext_login:
            return ("smtp.security = \"plain\" would send the password of smtp.username"
                    " unencrypted: use starttls or ssl, or set smtp.allow_plaintext_login = true")
        return None


# --- database URLs: the password masked, however it was written --------------------------------

# After the last '@' of the authority comes the host; a password may hold '@', '/', '?' ...
_HOST = re.compile(r"[A-Za-z0-9._~%\[\]:,-]*(?:[/?#]|$)")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def _split_userinfo(url: str) -> tuple[str, str, str, str] | None:
    """(scheme, user, password, rest after the '@') of a URL with a password; None without."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return None
    at = len(rest)
    while (at := rest.rfind("@", 0, at)) >= 0:
        if _HOST.match(rest, at + 1):
            user, colon, password = rest[:at].partition(":")
            return (scheme, user, password, rest[at + 1:]) if colon else None
    return None


def mask_url(url: str) -> str:
    """The URL for display: a password in the user part (also one with an unencoded '@') or in
    a `password=` query parameter becomes ***."""
    parts = _split_userinfo(url)
    if parts is not None:
        scheme, user, _, rest = parts
        url = f"{scheme}://{user}:***@{rest}"
    return _QUERY_PASSWORD.sub(r"\1***", url)


def url_secrets(url: str) -> list[str]:
    """The password of a URL as it may appear in a driver's message, longest first."""
    from urllib.parse import unquote

    found = [match.group(0).partition("=")[2] for match in _QUERY_PASSWORD.finditer(url)]
    parts = _split_userinfo(url)
    if parts is not None:
        found.append(parts[2])
    found += [unquote(secret) for secret in found]
    return sorted({secret for secret in found if secret}, key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """A driver's message without the password of `url` in it."""
    for secret in url_secrets(url):
        text = text.replace(secret, "***")
    return text


def normalise_url(url: str) -> str:
    """A PostgreSQL URL whose user or password holds characters a URL must encode (an '@' in
    the password) with them percent-encoded, so that the driver finds the right host."""
    from urllib.parse import quote, unquote

    parts = _split_userinfo(url)
    if parts is None or url.startswith("sqlite"):
        return url
    scheme, user, password, rest = parts
    return (f"{scheme}://{quote(unquote(user), safe='')}:{quote(unquote(password), safe='')}"
            f"@{rest}")


_SECTIONS = Config.fields()
_NOT_KEYS = ("source", "warnings")  # fields of Config that no file or variable sets
_SECTION_CLASSES = {"database": DatabaseConfig, "defaults": DefaultsConfig, "mail": MailConfig,
                    "smtp": SmtpConfig, "schedule": ScheduleConfig, "web": WebConfig}
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
    ours = set(_SECTIONS) - set(_NOT_KEYS)
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
    config, origins = _apply_env(_build(raw, where), env)
    return _finish(config, base_dir, where, origins)


def _build(raw: dict[str, object], where: str) -> Config:
    top: dict[str, object] = {}
    for key, value in raw.items():
        if key not in _SECTIONS or key in _NOT_KEYS:
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
    if key not in cls.fields() or key in _NOT_KEYS:
        raise ConfigError(f"{where}: unknown key {label!r}")
    expected = type(getattr(cls, key))
    if expected is bool and not isinstance(value, bool):
        raise ConfigError(f"{where}: {label} must be true or false, not {value!r}")
    if expected is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {label} must be a list of strings")
        return tuple(value)
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{where}: {label} must be an integer, not {value!r}")
    if expected is str and not isinstance(value, str):
        raise ConfigError(f"{where}: {label} must be a string, not {value!r}")
    return value


# TRACKER_* variables that are no setting of a section: the config file, who acts, and names
# that tracker's own test suite uses.
_OTHER_VARIABLES = ("TRACKER_CONFIG", "TRACKER_USER")
_TEST_PREFIX = "TRACKER_TEST_"
_TOP_KEYS = ("timezone", "language", "coordinators")


def _apply_env(config: Config, env: dict[str, str]) -> tuple[Config, dict[str, str]]:
    """TRACKER_<SECTION>_<KEY> or TRACKER_<KEY> overrides, e.g. TRACKER_DATABASE_URL; also
    which variable set which key (a bad value is blamed on the variable, not on the file), and
    a warning for every TRACKER_* variable that sets nothing."""
    origins: dict[str, str] = {}
    unknown: list[str] = []
    for name, text in env.items():
        if not name.startswith("TRACKER_") or name in _OTHER_VARIABLES \
                or name.startswith(_TEST_PREFIX):
            continue
        label = _label_of(name)
        if label is None:
            unknown.append(name)
            continue
        section_name, _, key = label.rpartition(".")
        cls = _section_class(section_name) or Config
        value = _from_env(name, type(getattr(cls, key)), text)
        if section_name:
            section = getattr(config, section_name).replace(**{key: value})
            config = config.replace(**{section_name: section})
        else:
            config = config.replace(**{key: value})
        origins[label] = name
    # The SMTP password's and the web secret's variables are named by the configuration itself.
    warnings = [_unknown_variable(name) for name in sorted(unknown)
                if name not in (config.smtp.password_env, config.web.secret_env)]
    return config.replace(warnings=tuple(warnings)), origins


def _label_of(name: str) -> str | None:
    """'TRACKER_DEFAULTS_DUE_DAYS' -> 'defaults.due_days'; None when it names no key."""
    rest = name[len("TRACKER_"):].lower()
    if rest in _TOP_KEYS:
        return rest
    for section_name, cls in _SECTION_CLASSES.items():
        key = rest[len(section_name) + 1:]
        if rest.startswith(section_name + "_") and key in cls.fields():
            return f"{section_name}.{key}"
    return None


def _known_variables() -> list[str]:
    names = [f"TRACKER_{key.upper()}" for key in _TOP_KEYS] + list(_OTHER_VARIABLES)
    for section_name, cls in _SECTION_CLASSES.items():
        names += [f"TRACKER_{section_name.upper()}_{key.upper()}" for key in cls.fields()]
    return names


def _unknown_variable(name: str) -> str:
    from difflib import get_close_matches

    close = get_close_matches(name, _known_variables(), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    return f"environment {name} is not a tracker setting and is ignored{hint}"


_BOOLEANS = {"true": True, "1": True, "yes": True, "on": True,
             "false": False, "0": False, "no": False, "off": False}


def _from_env(name: str, expected: type, text: str) -> object:
    """A variable's text as the type of the key's default."""
    if expected is bool:
        if text.strip().lower() not in _BOOLEANS:
            raise ConfigError(f"environment {name}: must be true or false, not {text!r}")
        return _BOOLEANS[text.strip().lower()]
    if expected is int:
        try:
            return int(text)
        except ValueError:
            raise ConfigError(f"environment {name}: must be an integer, not {text!r}") from None
    if expected is tuple:
        return tuple(part.strip() for part in text.split(",") if part.strip())
    return text


# (key, lowest, highest): numbers out of range would only fail later, in one command.
_RANGES = (("defaults.due_days", 0, 3650), ("defaults.escalate_after_days", 0, 3650),
           ("defaults.max_file_mb", 1, 1024), ("defaults.max_actions_per_report", 1, 100000),
           ("mail.max_attempts", 1, 100),
           ("mail.max_deferrals", 1, 100), ("smtp.port", 1, 65535), ("smtp.timeout", 1, 3600),
           ("schedule.hour", 0, 23), ("schedule.minute", 0, 59),
           ("schedule.catch_up_hours", 0, 168), ("web.link_days", 1, 365))
_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAYS = re.compile(rf"\*|(?:{'|'.join(_DAY_NAMES)})(?:-(?:{'|'.join(_DAY_NAMES)}))?"
                   rf"(?:,(?:{'|'.join(_DAY_NAMES)})(?:-(?:{'|'.join(_DAY_NAMES)}))?)*")


def _finish(config: Config, base_dir: Path | None, where: str,
            origins: dict[str, str]) -> Config:
    def fail(label: str, problem: str) -> ConfigError:
        """The error, blamed on the variable that set the key, else on the file."""
        if label in origins:
            return ConfigError(f"environment {origins[label]}: {problem}")
        joint = " " if problem.startswith("must") else ": "  # "hour must be ...", "cron: ..."
        return ConfigError(f"{where}: {label}{joint}{problem}")

    def value(label: str) -> object:
        section, _, key = label.rpartition(".")
        return getattr(getattr(config, section) if section else config, key)

    try:
        ZoneInfo(config.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", f"unknown time zone {config.timezone!r}") from None
    for (section, key), allowed in _CHOICES.items():
        label = f"{section}.{key}" if section else key
        if value(label) not in allowed:
            raise fail(label, f"must be one of {', '.join(sorted(allowed))},"
                              f" not {value(label)!r}")
    addresses = [("mail.sender", config.mail.sender),
                 *[("coordinators", c) for c in config.coordinators],
                 *[(f"teams.{t!r}", a) for t, a in config.teams.items()]]
    if config.mail.reply_to:  # empty means the first coordinator
        addresses.append(("mail.reply_to", config.mail.reply_to))
    for label, address in addresses:
        if not is_email(address):
            raise fail(label, f"invalid e-mail address {address!r}")
    for label, low, high in _RANGES:
        if not low <= value(label) <= high:
            raise fail(label, f"must be between {low} and {high}, not {value(label)}")
    if not _DAYS.fullmatch(config.schedule.day_of_week.lower()):
        raise fail("schedule.day_of_week", "must name days as mon, tue, ... sun (a list or"
                                           f" range such as mon,thu or mon-fri),"
                                           f" not {config.schedule.day_of_week!r}")
    if config.schedule.cron:
        from tracker.cron import CronError, check

        try:
            check(config.schedule.cron)
        except CronError as exc:
            raise fail("schedule.cron", str(exc)) from None
    if problem := _web_problem(config.web):
        raise fail(*problem)
    if config.mail.transport == "smtp" and (problem := config.plaintext_login_problem()):
        raise ConfigError(f"{where}: {problem}")
    base = base_dir or user_data_dir()
    url = config.database.url or f"sqlite:///{base / 'tracker.db'}"
    url = normalise_url(_resolve_sqlite_url(url, base))
    outbox = Path(config.mail.outbox) if config.mail.outbox else base / "outbox"
    if not outbox.is_absolute():
        outbox = base / outbox
    return config.replace(database=config.database.replace(url=url),
                          mail=config.mail.replace(outbox=str(outbox)))


def _web_problem(web: WebConfig) -> tuple[str, str] | None:
    """(key, problem) of a [web] value that cannot work."""
    from urllib.parse import urlsplit

    if web.base_url:
        parts = urlsplit(web.base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query \
                or parts.fragment or not web.base_url.isprintable() or " " in web.base_url:
            return ("web.base_url", "must be the server's public address such as"
                                    f" https://vervolg.example.org, not {web.base_url!r}")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", web.secret_env):
        return "web.secret_env", f"must name an environment variable, not {web.secret_env!r}"
    if web.trusted_proxy not in ("", "*", "localhost"):
        import ipaddress

        try:
            ipaddress.ip_address(web.trusted_proxy)
        except ValueError:
            return ("web.trusted_proxy", "must be the proxy's IP address, \"localhost\" or"
                                         f" \"*\", not {web.trusted_proxy!r}")
    return None


def _resolve_sqlite_url(url: str, base: Path) -> str:
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix:
        path = url[len(prefix):]
        if path != ":memory:":
            return prefix + str(base / path)
    return url
