"""The servers the browser tests talk to: action server, Rasa server (web channel) and demo pages.

Loading the Rasa model takes about a minute on a small machine, so the browser tests start this
stack once per module and restart the Rasa server only for the offline/recovery test. Every port
comes from the operating system, so two test runs on one machine never collide.
"""

from __future__ import annotations

import dataclasses
import html
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot import servers
from bot.settings import PROJECT_ROOT, Settings, load_settings

RESULTS_DIR = PROJECT_ROOT / "results" / "browser"
LOG_DIR = RESULTS_DIR / "logs"

ACTION_SERVER_TIMEOUT = 90.0


def origin(port: int) -> str:
    return f"http://localhost:{port}"


def http(
    method: str,
    url: str,
    body: dict[str, Any] | str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names) and body of one request; HTTP errors are answers too."""
    data = None
    headers = dict(headers or {})
    if body is not None:
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            return reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


EMBEDDING_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Another site that embeds the assistant</title></head>
<body style="font-family: Georgia, serif; max-width: 40em; margin: 2em auto; padding: 0 1em">
<h1>Another site</h1>
<p>This page lives on its own origin and embeds the chat widget with one script tag served by the
assistant's site, as a partner site would.</p>
<script src="{src}" {attributes}></script>
</body>
</html>
"""


class EmbeddingSite:
    """A page on an origin of its own that embeds the widget with one tag from another origin.

    `/?data-theme=dark&data-greeting=...` puts those attributes on the script tag. Its Content
    Security Policy allows the widget's origin for scripts and styles and the Rasa server for
    requests, as a real site embedding the assistant would have to.
    """

    def __init__(self, port: int, widget_origin: str, server_url: str) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                if url.path != "/":
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return
                query = urllib.parse.parse_qsl(url.query)
                attributes = {"data-server-url": server_url, **{k: v for k, v in query if k.startswith("data-")}}
                body = EMBEDDING_PAGE.format(
                    src=html.escape(f"{widget_origin}/static/widget.js"),
                    attributes=" ".join(f'{k}="{html.escape(v)}"' for k, v in attributes.items()),
                ).encode()
                self.send_response(HTTPStatus.OK)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header(
                    "Content-Security-Policy",
                    f"default-src 'self'; script-src 'self' {widget_origin}; "
                    f"style-src 'self' 'unsafe-inline' {widget_origin}; connect-src {server_url}; "
                    "object-src 'none'; base-uri 'none'",
                )
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.port = port
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True, name=f"embedding-site-{port}").start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class BrowserStack:
    """Starts, restarts and stops the servers; every server it starts is stopped by close()."""

    def __init__(self, database_url: str) -> None:
        self.page_port = servers.free_port()  # the demo page, an allowed origin
        self.second_page_port = servers.free_port()  # the same page on a second, configured origin
        self.unlisted_page_port = servers.free_port()  # the same page on an origin that is NOT configured
        self.embedding_port = servers.free_port()  # another site, embedding the widget from the demo page's origin
        self.settings: Settings = dataclasses.replace(
            load_settings(),
            database_url=database_url,
            action_port=servers.free_port(),
            rasa_port=servers.free_port(),
            web_port=self.page_port,
            cors_origins=(origin(self.page_port), origin(self.second_page_port), origin(self.embedding_port)),
            api_token="",  # the browser tests need no HTTP API
        )
        self.server_url = origin(self.settings.rasa_port)
        self.webhook_url = f"{self.server_url}/webhooks/web/webhook"
        self.action_server: servers.ServerProcess | None = None
        self.rasa_server: servers.ServerProcess | None = None
        self.pages: list[servers.DemoPage] = []
        self.embedding_site: EmbeddingSite | None = None
        self.rasa_start_seconds: list[float] = []

    @property
    def max_message_length(self) -> int:
        return self.settings.max_message_length

    def page_url(self, port: int | None = None, query: str = "") -> str:
        return f"{origin(self.page_port if port is None else port)}/{'?' + query if query else ''}"

    def start(self) -> None:
        for log in ("action-server.log", "rasa-server.log"):
            (LOG_DIR / log).unlink(missing_ok=True)
        for port in (self.page_port, self.second_page_port, self.unlisted_page_port):
            self.pages.append(servers.start_demo_page(self.settings, port))
        self.embedding_site = EmbeddingSite(self.embedding_port, origin(self.page_port), self.server_url)
        # Both servers load at the same time; Rasa only calls the action server once a message arrives.
        self.action_server = servers.start_action_server(self.settings, LOG_DIR / "action-server.log")
        self.start_rasa()
        self.action_server.wait_until_ready(ACTION_SERVER_TIMEOUT)
        self.wait_until_rasa_answers()

    def start_rasa(self) -> None:
        if self.rasa_server is not None and self.rasa_server.running():
            return
        self.rasa_server = servers.start_rasa_server(self.settings, LOG_DIR / "rasa-server.log")

    def stop_rasa(self) -> None:
        if self.rasa_server is not None:
            self.rasa_server.stop()

    def wait_until_rasa_answers(self) -> float:
        """Seconds from the Rasa server's start until its web channel answers a real message."""
        if self.rasa_server is None:
            raise servers.ServerError("the Rasa server was never started")
        try:
            seconds = self.rasa_server.wait_until_ready(servers.RASA_SERVER_START_TIMEOUT)
        except servers.ServerError as error:
            raise servers.ServerError(f"{error}\n{self.rasa_server.log_tail()}") from error
        self.rasa_start_seconds.append(round(seconds, 1))
        return seconds

    def ensure_up(self) -> None:
        """Brings the Rasa server back if an earlier test left it stopped (so failures do not cascade)."""
        if self.rasa_server is not None and self.rasa_server.running() and self.rasa_server.ready():
            return
        self.stop_rasa()
        self.start_rasa()
        self.wait_until_rasa_answers()

    def close(self) -> None:
        for page in self.pages:
            page.stop()
        self.pages.clear()
        if self.embedding_site is not None:
            self.embedding_site.stop()
            self.embedding_site = None
        for server in (self.rasa_server, self.action_server):
            if server is not None:
                server.stop()
