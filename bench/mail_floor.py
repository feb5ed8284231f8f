"""The mail floor: build N multipart messages of ~3 KB and send them over one SMTP connection,
the least any digest round has to do. Usage: mail_floor.py PORT N"""

import smtplib
import sys
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, UTC

BODY = ("Actie 12: De volgende bijeenkomst van Placemaking Europe vindt plaats van 1-4 december "
        "in Helsingborg. Deadline 2026-12-01. tracker close 12 --note \"...\"\n") * 8


def main() -> None:
    port, count = int(sys.argv[1]), int(sys.argv[2])
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(count):
            message = EmailMessage()
            message["From"] = "tracker@example.org"
            message["To"] = f"owner{i}@example.org"
            message["Subject"] = "3 openstaande acties, 1 verlopen"
            message["Date"] = format_datetime(datetime.now(UTC))
            message["Message-ID"] = make_msgid()
            message.set_content(BODY)
            message.add_alternative(f"<html><body><p>{BODY}</p></body></html>", subtype="html")
            smtp.send_message(message)


if __name__ == "__main__":
    main()
