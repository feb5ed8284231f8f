"""An SMTP server on loopback that accepts and counts messages (the benchmark's mail sink).
Prints the port it listens on, then the count when it gets SIGTERM. Usage: smtp_sink.py"""

import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.smtp import AnyPortController


class Count:
    def __init__(self):
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 OK"


def main() -> None:
    handler = Count()
    controller = AnyPortController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(controller.port, flush=True)
    done.wait()
    controller.stop()
    print(handler.messages, flush=True)


if __name__ == "__main__":
    main()
