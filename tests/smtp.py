"""A real SMTP server (aiosmtpd) on loopback for the tests and the bench."""

from __future__ import annotations

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP


class GreetingSMTP(SMTP):
    """Greets as the handler says: a `greeting` such as "421 4.3.2 too busy" refuses the
    connection the way a real server does (the reply, then closing), as relays do when
    overloaded."""

    async def _handle_client(self) -> None:
        greeting = getattr(self.event_handler, "greeting", None)
        if greeting:
            await self.push(greeting)
            self.transport.close()
            return
        await super()._handle_client()


class AnyPortController(Controller):
    """With port 0 the operating system picks a free port when the server binds, so no other
    process can take it between choosing and binding (as with a probe socket closed first);
    .port is the real port once start() returns."""

    def factory(self):
        return GreetingSMTP(self.handler, **self.SMTP_kwargs)

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()
