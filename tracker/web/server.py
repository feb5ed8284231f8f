"""`tracker serve`: the web application under waitress (pure Python, a production WSGI server),
logging one line per request without tokens, stopping cleanly on SIGTERM."""

from __future__ import annotations

import logging
import signal
import sys
from datetime import datetime

from tracker.config import Config

log = logging.getLogger("tracker.web")
THREADS = 4


def setup_logging(config: Config, level: str = "info") -> None:
    """One line per event on stderr, times in the configured zone (as the scheduler logs)."""
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    tz = config.tz
    formatter.converter = lambda seconds: datetime.fromtimestamp(seconds, tz).timetuple()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)


def serve(config: Config, host: str, port: int) -> int:
    """Serve until SIGTERM or SIGINT; the exit code. Refuses to start (ConfigError, exit 3)
    without the secret, and (SchemaError, exit 4) on a database the code does not match."""
    from waitress import create_server

    from tracker.core.database import open_database
    from tracker.web.app import create_app
    from tracker.web.links import web_secret

    secret = web_secret(config)
    open_database(config.database.url).close()  # reachable, at the code's schema
    app = create_app(config, secret=secret)
    proxy = {}
    if config.web.trusted_proxy:
        proxy = {"trusted_proxy": config.web.trusted_proxy, "trusted_proxy_count": 1,
                 "trusted_proxy_headers": "x-forwarded-for x-forwarded-proto",
                 "clear_untrusted_proxy_headers": True}
    server = create_server(app, host=host, port=port, threads=THREADS, ident="tracker",
                           **proxy)

    def stop(signum, _frame):
        log.info("received %s: stopping", signal.Signals(signum).name)
        raise SystemExit(0)  # waitress's loop closes its sockets on SystemExit

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    address = f"http://{host}:{server.effective_port}"
    log.info("serving on %s (public address %s)", address,
             config.web.base_url or "not set: the mails carry no links")
    if not config.web.base_url:
        log.warning("web.base_url is not set: the mails show commands instead of links")
    try:
        server.run()
    finally:
        server.close()
    log.info("stopped")
    return 0
