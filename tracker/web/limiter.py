"""Slowing down a burst of bad links from one address: guessing tokens, or a script replaying
altered ones. In-process and small: one server process serves a municipality's owners."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable


class BadLinkLimiter:
    """After `limit` bad links from one address within `window` seconds, that address gets
    429 until the oldest of them is `window` seconds old. At most `addresses` addresses are
    remembered (the least recently failing are forgotten first), so a flood of addresses
    cannot fill the memory."""

    def __init__(self, limit: int = 10, window: float = 60.0, addresses: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.addresses, self.clock = limit, window, addresses, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _recent(self, address: str, now: float) -> deque[float] | None:
        failures = self._failures.get(address)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[address]
            return None
        return failures

    def retry_after(self, address: str) -> int:
        """Seconds until this address may try again; 0: it may now."""
        with self._lock:
            now = self.clock()
            failures = self._recent(address, now)
            if failures is None or len(failures) < self.limit:
                return 0
            return max(1, int(failures[0] + self.window - now + 0.999))

    def failed(self, address: str) -> None:
        """One more bad link from this address."""
        with self._lock:
            now = self.clock()
            failures = self._recent(address, now) or deque(maxlen=self.limit)
            failures.append(now)
            self._failures[address] = failures
            self._failures.move_to_end(address)
            while len(self._failures) > self.addresses:
                self._failures.popitem(last=False)
