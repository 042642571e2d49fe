"""A feed site on loopback that a test controls: each path answers what the test set (status,
headers, body, a delay), honouring If-None-Match against the ETag it was given."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator


def rss(*items: tuple[str, ...]) -> bytes:
    """An RSS 2.0 feed of (guid, title, text[, link]) items."""
    body = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><pubDate>Tue, 03 Nov 2026 10:00:00 GMT"
        f"</pubDate><description>{text}</description>"
        + (f"<link>{link[0]}</link>" if link else "")
        + "</item>"
        for guid, title, text, *link in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>'
        f"{body}</channel></rss>"
    ).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title>
<entry><id>tag:valley.example,2026:1</id><title>Bridge reopens</title>
<updated>2026-11-04T09:00:00Z</updated>
<content type="text">The Aare bridge reopened on Wednesday after six weeks of repairs.</content>
</entry></feed>"""


class Site:
    """Routes of the loopback server: path -> (status, headers, body, delay)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict, bytes, float]] = {}
        self.requests: list[tuple[str, dict]] = []

    def serve(self, path, body=b"", status=200, headers=None, delay=0.0):
        self.routes[path] = (status, headers or {}, body, delay)


@contextlib.contextmanager
def serving_site() -> Iterator[Site]:
    state = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            state.requests.append((self.path, dict(self.headers)))
            status, headers, body, delay = state.routes.get(self.path, (404, {}, b"nope", 0))
            time.sleep(delay)
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            # the reader may stop at its cap, which is what it should do
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
