"""Serves the demo page and the widget's files on localhost, with headers a public page should send."""

from __future__ import annotations

import mimetypes
import threading
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
DEMO_PAGE = WEB_DIR / "demo" / "index.html"


class DemoPageHandler(BaseHTTPRequestHandler):
    """`/` is the demo page (with the Rasa server URL filled in); `/static/<file>` the widget."""

    def __init__(self, *args: Any, server_url: str, max_message_length: int, **kwargs: Any) -> None:
        self.server_url = server_url
        self.max_message_length = max_message_length
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            page = DEMO_PAGE.read_text(encoding="utf-8")
            page = page.replace("{{SERVER_URL}}", self.server_url).replace(
                "{{MAX_MESSAGE_LENGTH}}", str(self.max_message_length)
            )
            self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")
            return
        if path.startswith("/static/"):
            name = path.removeprefix("/static/")
            target = (STATIC_DIR / name).resolve()
            # Only files directly in static/: no "..", no folders.
            if target.parent == STATIC_DIR and target.is_file():
                content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                self._send(HTTPStatus.OK, target.read_bytes(), content_type)
                return
        self._send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'self'; connect-src 'self' {self.server_url}; img-src 'self' https: data:; "
            "style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'",
        )
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the terminal for the URL and errors


def start_demo_server(host: str, port: int, server_url: str, max_message_length: int) -> ThreadingHTTPServer:
    """Starts serving in a daemon thread and returns the server (call .shutdown() to stop)."""
    handler = partial(DemoPageHandler, server_url=server_url, max_message_length=max_message_length)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True, name=f"demo-page-{port}").start()
    return server
