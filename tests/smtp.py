"""A real SMTP server (aiosmtpd) on loopback for the tests and the bench."""

from __future__ import annotations

from aiosmtpd.controller import Controller


class AnyPortController(Controller):
    """With port 0 the operating system picks a free port when the server binds, so no other
    process can take it between choosing and binding (as with a probe socket closed first);
    .port is the real port once start() returns."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()
