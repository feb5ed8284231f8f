"""An SMTP server on loopback that accepts and counts messages (the benchmark's mail sink).
Prints the count when it gets SIGTERM. Usage: smtp_sink.py PORT"""

import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Count:
    def __init__(self):
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        return "250 OK"


def main() -> None:
    handler = Count()
    controller = Controller(handler, hostname="127.0.0.1", port=int(sys.argv[1]))
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print("ready", flush=True)
    done.wait()
    controller.stop()
    print(handler.messages, flush=True)


if __name__ == "__main__":
    main()
