"""The Flask application of `tracker serve`: the factory, one tracker App (one database
connection) per request, the security headers of every response, the access log without
tokens, and the pages that say what went wrong and what to do. The routes: tracker.web.views."""

from __future__ import annotations

import logging
import re
from datetime import datetime
from urllib.parse import quote, urlsplit

from flask import Flask, g, render_template, request
from jinja2 import StrictUndefined
from werkzeug.exceptions import HTTPException

from tracker.clock import now, today
from tracker.config import Config
from tracker.core.context import App
from tracker.core.text import safe_text
from tracker.errors import TrackerError
from tracker.web.limiter import BadLinkLimiter
from tracker.web.links import BadLink, Link, LinkMaker, read, web_secret
from tracker.web.words import words

log = logging.getLogger("tracker.web")

# No script at all, styles only from this server, no framing, forms only to this server.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
       " frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    # A page opened through a link holds its token in the address: no Referer carries it on.
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
MAX_BODY = 64 * 1024
# Query parameters and path segments the access log never shows.
SECRET_PARAMETERS = ("t", "csrf")
_LONG_SEGMENT = re.compile(r"[^/]{40,}")


class Refusal(Exception):
    """A request that opens nothing: the page says why and what to do (`kind` names its
    title and text in tracker.web.words)."""

    def __init__(self, status: int, kind: str, language: str | None = None,
                 retry_after: int | None = None):
        super().__init__(kind)
        self.status, self.kind, self.language, self.retry_after = (status, kind, language,
                                                                   retry_after)


class Site:
    """What every request shares: the configuration, the secret, the limiter."""

    def __init__(self, config: Config, secret: str, limiter: BadLinkLimiter):
        self.config, self.secret, self.limiter = config, secret, limiter

    def tracker(self) -> App:
        """This request's App: opened on first use, closed when the request ends."""
        if "tracker" not in g:
            g.tracker = App(self.config, actor="web")
        return g.tracker

    def today(self):
        return today(self.config.tz)

    def read_link(self, token: str | None, purposes: tuple[str, ...]) -> Link:
        """The link of a request's token; a Refusal for a bad or expired one, or for any token
        from an address that sent too many bad ones lately."""
        address = request.remote_addr or "-"
        if wait := self.limiter.retry_after(address):
            raise Refusal(429, "limited", retry_after=wait)
        try:
            link = read(self.secret, token or "", now())
        except BadLink as exc:
            if exc.expired:
                raise Refusal(410, "expired", self.owner_language(exc.owner_id)) from None
            self.limiter.failed(address)
            raise Refusal(403, "invalid") from None
        if link.purpose not in purposes:
            raise Refusal(403, "invalid")
        return link

    def owner_language(self, owner_id: int | None) -> str | None:
        if owner_id is None:
            return None
        row = self.tracker().raw().execute("SELECT language FROM owners WHERE id = :id",
                                           {"id": owner_id}).fetchone()
        return row[0] if row else None

    def links(self, link: Link) -> LinkMaker:
        """Links for a page opened through `link`: relative to this server, valid as long as
        the link itself."""
        from datetime import UTC

        return LinkMaker(request.script_root, self.secret, now(),
                         datetime.fromtimestamp(link.expires, UTC))

    def render(self, template: str, language: str, status: int = 200, **context):
        return render_template(template, w=words(language), lang=language,
                               ask=self.config.reply_address, **context), status


class _Prefix:
    """Serves under the path of web.base_url (https://host/vervolg/): links and forms carry
    the prefix, whether or not the reverse proxy passes it on."""

    def __init__(self, wsgi_app, prefix: str):
        self.wsgi_app, self.prefix = wsgi_app, prefix

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == self.prefix or path.startswith(self.prefix + "/"):
            environ["PATH_INFO"] = path[len(self.prefix):] or "/"
        environ["SCRIPT_NAME"] = self.prefix
        return self.wsgi_app(environ, start_response)


def _safe(value):
    return safe_text(value, multiline=True) if isinstance(value, str) else value


def create_app(config: Config, *, secret: str | None = None,
               limiter: BadLinkLimiter | None = None) -> Flask:
    """The web application over `config`'s database. The secret defaults to the one from
    web.secret_env (ConfigError without it); tests pass their own, and a limiter."""
    from tracker.web.views import views

    app = Flask(__name__)
    # A form here holds a token and a note of at most 2,000 characters: more is refused (413).
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    # Every template is escaped (the mail's .html.j2 names are not Flask's .html), and every
    # value loses control and bidi-override characters (safe_text).
    app.jinja_options = {"autoescape": True, "finalize": _safe, "undefined": StrictUndefined,
                         "trim_blocks": True, "lstrip_blocks": True}
    site = Site(config, secret or web_secret(config), limiter or BadLinkLimiter())
    app.extensions["tracker"] = site
    prefix = urlsplit(config.web.base_url).path.rstrip("/")
    if prefix:
        app.wsgi_app = _Prefix(app.wsgi_app, prefix)
    app.register_blueprint(views)

    @app.teardown_appcontext
    def close_database(_exc) -> None:
        tracker = g.pop("tracker", None)
        if tracker is not None:
            tracker.close()

    @app.after_request
    def secure_and_log(response):
        response.headers.update(HEADERS)
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        log.info('%s "%s %s" %s', request.remote_addr, request.method, logged_path(),
                 response.status_code)
        return response

    @app.errorhandler(Refusal)
    def refused(refusal: Refusal):
        language = refusal.language or config.language
        body, status = site.render("refusal.html.j2", language, refusal.status,
                                   kind=refusal.kind)
        headers = {"Retry-After": str(refusal.retry_after)} if refusal.retry_after else {}
        return body, status, headers

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        kind = {404: "notfound", 405: "method"}.get(exc.code or 400, "bad")
        return site.render("refusal.html.j2", config.language, exc.code or 400, kind=kind)

    @app.errorhandler(Exception)
    def broken(exc: Exception):
        from tracker.core.database import database_error

        known = exc if isinstance(exc, TrackerError) else database_error(
            exc, config.database.url)
        if known is not None:  # the database is down, behind the code, read-only ...
            log.error("%s %s: %s", request.method, request.path, known)
            return site.render("refusal.html.j2", config.language, 503, kind="broken")
        log.exception("%s %s failed", request.method, request.path)
        return site.render("refusal.html.j2", config.language, 500, kind="broken")

    return app


def logged_path() -> str:
    """The request's path and query as the access log shows them: tokens redacted, and any
    long path segment too (a token pasted into the path)."""
    path = _LONG_SEGMENT.sub("[redacted]", safe_text(request.path))
    query = "&".join(f"{quote(key, safe='')}="
                     f"{'[redacted]' if key in SECRET_PARAMETERS else quote(value, safe='')}"
                     for key, value in request.args.items(multi=True))
    return f"{path}?{query}" if query else path
