"""One polite, bounded GET of a feed: what well-behaved feed readers do.

- Conditional: the ETag and Last-Modified of the last answer are sent back, and a 304 means
  "unchanged" without a body.
- Bounded: a timeout, a cap on the bytes read after decompression (a gzip bomb stops at the cap
  like any other large answer), redirects followed a few times and only to http(s) (`file:`,
  `ftp:` and other schemes are refused).
- Honest: a User-Agent naming the tool; a 301 or 308 is reported so that the subscription moves
  with the feed; a 429 or 503 with Retry-After says when to come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

USER_AGENT = "news-qa-assistant/0.1 (feed reader; +https://example.invalid/assistant)"
MAX_BYTES = 10 * 2**20
"""Bytes of a feed read at most (after decompression)."""
TOO_LARGE = "too large for a feed or a news page"
MAX_REDIRECTS = 5
TIMEOUT = 20.0


class FetchError(Exception):
    """A feed could not be fetched; the message says why in one line."""


@dataclass(frozen=True)
class Fetched:
    """What one GET of a feed gave."""

    url: str
    """Where the body came from after redirects."""
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    moved_to: str = ""
    """The new address when the feed moved permanently (301, 308), else ""."""
    retry_after: float = 0.0
    """Seconds the server asked to wait (429, 503), else 0."""
    charset: str = ""
    """The body's character set as the server declared it, or ""."""

    @property
    def unchanged(self) -> bool:
        return self.status == 304


def _retry_after(value: str | None) -> float:
    if not value:
        return 0.0
    if value.strip().isdigit():
        return float(value)
    try:
        from datetime import UTC, datetime

        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return 0.0


def fetch(
    url: str,
    etag: str = "",
    last_modified: str = "",
    *,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
    client: httpx.Client | None = None,
) -> Fetched:
    """GET `url` as a feed reader does (see the module's note); raises FetchError."""
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=False)
    moved_to = ""
    try:
        for _ in range(MAX_REDIRECTS + 1):
            if urlsplit(url).scheme not in ("http", "https"):
                raise FetchError(f"refused to follow a redirect to {url!r}: not http(s)")
            with client.stream("GET", url, headers=headers) as response:
                if response.status_code in (301, 302, 303, 307, 308):
                    url = urljoin(url, response.headers.get("location", ""))
                    if response.status_code in (301, 308):  # the feed moved: follow it there
                        moved_to = url
                    continue
                if response.status_code == 304:
                    return Fetched(url, 304, moved_to=moved_to)
                if response.status_code in (429, 503):
                    wait = _retry_after(response.headers.get("retry-after"))
                    return Fetched(url, response.status_code, moved_to=moved_to, retry_after=wait)
                if response.status_code != 200:
                    raise FetchError(f"HTTP {response.status_code} from {url}")
                declared = int(response.headers.get("content-length") or 0)
                if declared > max_bytes and "content-encoding" not in response.headers:
                    raise FetchError(f"{url}: {declared / 2**20:.0f} MB; {TOO_LARGE}")
                body = bytearray()
                for chunk in response.iter_bytes():  # decoded: a bomb counts as it unpacks
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(f"{url}: more than {max_bytes / 2**20:g} MB; {TOO_LARGE}")
                return Fetched(
                    url,
                    200,
                    bytes(body),
                    response.headers.get("etag", ""),
                    response.headers.get("last-modified", ""),
                    moved_to,
                    charset=response.charset_encoding or "",
                )
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {exc.__class__.__name__}: {exc}") from None
    finally:
        if own:
            client.close()
