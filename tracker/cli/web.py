"""`tracker serve`: the owners' web page behind the links in the mails."""

from __future__ import annotations

import sys

import click

from tracker.cli.options import pass_app
from tracker.core.context import App


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (behind a reverse proxy: loopback).")
@click.option("--port", type=click.IntRange(1, 65535), default=8080, show_default=True,
              help="Port to listen on.")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]),
              default="info", show_default=True, help="What to log on stderr.")
@pass_app
def serve(app: App, host: str, port: int, log_level: str) -> None:
    """Serve the web page that the links in the mails open (waitress), until SIGTERM.

    Needs the secret in the environment variable web.secret_env names (TRACKER_WEB_SECRET);
    web.base_url is the public address the mails link to.

    \b
    Example:
      TRACKER_WEB_SECRET=... tracker serve --port 8080
      systemctl start tracker-web   # see contrib/tracker-web.service
    """
    from tracker.web import server

    server.setup_logging(app.config, log_level)
    sys.exit(server.serve(app.config, host, port))
