import pytest

from assistant.errors import AssistantError
from assistant.web.auth import check_access, read_credentials


def test_loopback_needs_no_logins_any_other_address_does():
    check_access("127.0.0.1", None)
    check_access("localhost", None)
    check_access("::1", None)
    check_access("0.0.0.0", [("ann", "s3cret")])
    for host in ("0.0.0.0", "192.168.1.5", "::", "example.org"):
        with pytest.raises(AssistantError, match=f"refusing to serve on {host} without logins"):
            check_access(host, [])


def test_read_credentials(tmp_path):
    (tmp_path / "pw").write_text("ann:s3cret\n\nbob:pa:ss\n")
    assert read_credentials("cli:x", tmp_path / "pw") == [
        ("cli", "x"),
        ("ann", "s3cret"),
        ("bob", "pa:ss"),
    ]
    with pytest.raises(AssistantError, match="user:password"):
        read_credentials("nocolon", None)
    with pytest.raises(AssistantError, match="cannot read the password file"):
        read_credentials(None, tmp_path / "missing")
