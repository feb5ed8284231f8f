"""Messages and how they leave: building a multipart message with safe headers, and the two
transports (SMTP, .eml files into a folder)."""

from __future__ import annotations

import contextlib
import os
import smtplib
import ssl
from datetime import datetime
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Protocol

from tracker.addresses import clean_header_text
from tracker.config import Config
from tracker.errors import MailError


class RecipientRefused(Exception):
    """The server refused this message or recipient; other deliveries can still go. Temporary
    (a 4xx reply: mailbox busy, greylisting) or for good (5xx, or a message that cannot be
    sent at all)."""

    def __init__(self, reason: str, temporary: bool = False):
        super().__init__(reason)
        self.temporary = temporary


class TransportDown(Exception):
    """The mail server cannot be reached, or refuses everything for now (421 at any step, a 4xx
    to MAIL FROM: an overloaded relay): no delivery is to blame, so none spends an attempt,
    and the rest of the round waits for the next one."""


class Transport(Protocol):
    def send(self, message: EmailMessage) -> None: ...
    def close(self) -> None: ...


# --- messages -----------------------------------------------------------------------------------

def build_message(*, sender: str, sender_name: str, to: str, to_name: str, subject: str,
                  text: str, html: str, message_id: str, when: datetime, language: str,
                  reply_to: str | None) -> EmailMessage:
    """multipart/alternative with Date and Message-ID. Names and subject lose CR/LF and other
    control characters first: a report or a user must never be able to add a header."""
    message = EmailMessage()
    message["From"] = Address(clean_header_text(sender_name), addr_spec=sender)
    message["To"] = Address(clean_header_text(to_name), addr_spec=to)
    if reply_to:
        message["Reply-To"] = reply_to
    message["Subject"] = clean_header_text(subject)
    message["Date"] = format_datetime(when)
    message["Message-ID"] = message_id
    # One list for filters and clients: "vervolgafspraken" at the sender's domain (RFC 2919).
    message["List-Id"] = f"<vervolgafspraken.{sender.rpartition('@')[2]}>"
    # No out-of-office or other automatic answers: RFC 3834 for most servers, the X- header
    # for Exchange, which otherwise answers every digest.
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    # Naming the encoding spares the email package trying base64 as well on every part.
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    message["Content-Language"] = language  # after the content: set_content clears Content-*
    return message


def message_id(delivery, sender: str) -> str:
    """Stable per delivery, so a retry after a crash carries the same id and clients show the
    mail once; a deliberate resend (`--force-resend`, counted in delivery.resends) is a new
    mail with a new id, or clients that deduplicate would hide it."""
    resend = f".r{delivery.resends}" if delivery.resends else ""
    return (f"<tracker.{delivery.period}.{delivery.kind}.{delivery.id}{resend}"
            f"@{sender.split('@')[1]}>")


# --- transports ---------------------------------------------------------------------------------

class FileTransport:
    """Writes each message as an .eml file (owner-only readable) into the outbox folder."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise MailError(f"cannot create the outbox folder {self.folder}:"
                            f" {exc.strerror}") from None

    def send(self, message: EmailMessage) -> None:
        name = message["Message-ID"].strip("<>").split("@")[0].replace("/", "_")
        recipient = message["To"].addresses[0].addr_spec
        path = self.folder / f"{name}.{recipient}.eml"
        temporary = path.with_suffix(".tmp")
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(bytes(message))
            os.replace(temporary, path)
        except OSError as exc:  # a full disk, a folder made read-only: the round waits
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise TransportDown(f"cannot write to the outbox folder {self.folder}:"
                                f" {exc.strerror}") from None

    def close(self) -> None:
        pass


class SmtpTransport:
    """One connection for the whole round, reconnected once when the server drops it."""

    def __init__(self, config: Config):
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        smtp = self.config.smtp
        try:
            if smtp.security == "ssl":
                connection = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                              context=ssl.create_default_context())
            else:
                connection = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
                if smtp.security == "starttls":
                    connection.starttls(context=ssl.create_default_context())
            if smtp.username:
                if problem := self.config.plaintext_login_problem():
                    connection.close()
                    raise MailError(problem)
                password = self.config.smtp_password()
                if password is None:
                    raise MailError(f"smtp.username is set but ${smtp.password_env} is empty")
                connection.login(smtp.username, password)
        except (OSError, smtplib.SMTPException) as exc:
            raise TransportDown(f"cannot reach {smtp.host}:{smtp.port}: {_reason(exc)}") from None
        return connection

    def send(self, message: EmailMessage) -> None:
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = self._connect()
            try:
                refused = self.connection.send_message(message)
            except smtplib.SMTPServerDisconnected:
                self.connection = None
                if attempt == 2:
                    raise TransportDown("the server closed the connection twice") from None
                continue
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _ in exc.recipients.values()]
                self._refused(exc, any(code == 421 for code in codes),
                              all(_temporary(code) for code in codes))
            except smtplib.SMTPSenderRefused as exc:
                # The sender is the same for every mail of the round: a temporary refusal of
                # MAIL FROM refuses them all (5xx may be this message's size, so it stays hers).
                self._refused(exc, _temporary(exc.smtp_code), False)
            except smtplib.SMTPDataError as exc:
                self._refused(exc, exc.smtp_code == 421, _temporary(exc.smtp_code))
            except smtplib.SMTPNotSupportedError as exc:  # e.g. an address that needs SMTPUTF8
                raise RecipientRefused(str(exc)) from None
            except (OSError, smtplib.SMTPException) as exc:
                self.close()
                raise TransportDown(_reason(exc)) from None
            except (ValueError, UnicodeError, MessageError) as exc:  # the library refuses it
                raise RecipientRefused(f"the message cannot be sent: {exc}") from None
            if refused:  # several recipients, some refused (tracker sends one per message)
                raise RecipientRefused(_reason(refused))
            return

    def _refused(self, exc: smtplib.SMTPException, server_wide: bool, temporary: bool):
        if server_wide:
            self.close()
            smtp = self.config.smtp
            raise TransportDown(f"{smtp.host}:{smtp.port} refuses mail for now: {_reason(exc)}")
        raise RecipientRefused(_reason(exc), temporary=temporary)

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.connection.quit()
            self.connection = None


def _temporary(code: int) -> bool:
    return 400 <= code < 500


def _reason(exc) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        exc = exc.recipients
    if isinstance(exc, dict):
        return "; ".join(f"{r}: {code} {_text(msg)}" for r, (code, msg) in exc.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return str(exc) or type(exc).__name__


def _text(message: bytes | str) -> str:
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)


def make_transport(config: Config) -> Transport:
    if config.mail.transport == "smtp":
        return SmtpTransport(config)
    return FileTransport(config.mail.outbox)
