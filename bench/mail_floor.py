"""The mail floor: build N multipart messages and send them over one SMTP connection, the least
any digest round has to do. Usage: mail_floor.py PORT N [TEXT_FILE HTML_FILE]

Without files the parts make a message of ~3 KB; with files (a real digest's text and HTML, as
`tracker digest preview` renders it) the floor sends the same bytes as tracker does."""

import smtplib
import sys
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

BODY = ("Actie 12: De volgende bijeenkomst van Placemaking Europe vindt plaats van 1-4 december "
        "in Helsingborg. Deadline 2026-12-01. tracker close 12 --note \"...\"\n") * 8


def main() -> None:
    port, count = int(sys.argv[1]), int(sys.argv[2])
    text, html = BODY, f"<html><body><p>{BODY}</p></body></html>"
    if len(sys.argv) > 4:
        text = Path(sys.argv[3]).read_text(encoding="utf-8")
        html = Path(sys.argv[4]).read_text(encoding="utf-8")
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(count):
            message = EmailMessage()
            message["From"] = "tracker@example.org"
            message["To"] = f"owner{i}@example.org"
            message["Subject"] = "3 openstaande acties, 1 verlopen"
            message["Date"] = format_datetime(datetime.now(UTC))
            message["Message-ID"] = make_msgid()
            message.set_content(text)
            message.add_alternative(html, subtype="html")
            smtp.send_message(message)


if __name__ == "__main__":
    main()
