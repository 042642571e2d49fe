"""Who may open the chat page: logins from `--auth` or a password file, and the rule that any
address but loopback exposes the corpus to the network, so it needs them. No gradio here, so the
CLI checks access before it loads the page."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from assistant.errors import AssistantError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def read_credentials(auth: str | None, auth_file: Path | None) -> list[tuple[str, str]]:
    """Logins from `--auth user:password` and/or a file of `user:password` lines."""
    lines = [auth] if auth else []
    if auth_file:
        try:
            lines += auth_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise AssistantError(
                f"cannot read the password file {auth_file}: {exc.strerror}"
            ) from None
    logins = []
    for line in filter(str.strip, lines):
        user, sep, password = line.strip().partition(":")
        if not sep or not user or not password:
            raise AssistantError(
                "a login must look like user:password (in --auth or the password file)"
            )
        logins.append((user, password))
    return logins


def check_access(host: str, logins: list[tuple[str, str]] | None) -> None:
    """Any address other than loopback exposes the corpus to the network: it needs logins."""
    if not is_loopback(host) and not logins:
        raise AssistantError(
            f"refusing to serve on {host} without logins: pass --auth user:password or set "
            "ASSISTANT_SERVER__AUTH_FILE to a file of user:password lines (or bind 127.0.0.1)"
        )
