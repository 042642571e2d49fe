"""Which torch `make torch` (the first step of `make run`) installs: the CPU build, both on a
laptop whose pip sees only the public index (issue 29: PyPI's torch 2.13.0 pulls the CUDA 13
toolkit, gigabytes) and on a machine whose pip is configured with a local CPU wheel.

The indexes are stand-ins served over loopback: a "public" one whose torch 2.13.0 requires a
CUDA package, a "PyTorch CPU" one with torch 2.13.0+cpu, and a find-links folder; pip runs with
no configuration of this machine's (PIP_CONFIG_FILE=/dev/null) and only resolves
(`--dry-run --report`): nothing is installed.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.integration


def wheel(folder: Path, name: str, version: str, requires: tuple[str, ...] = ()) -> Path:
    """A minimal, valid wheel of `name` at `version` requiring `requires`."""
    dist = f"{name.replace('-', '_')}-{version}"
    path = folder / f"{dist}-py3-none-any.whl"
    files = {
        f"{dist}.dist-info/METADATA": "Metadata-Version: 2.1\nName: {}\nVersion: {}\n{}".format(
            name, version, "".join(f"Requires-Dist: {r}\n" for r in requires)
        ),
        f"{dist}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    record = []
    for arc, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{arc},sha256={digest.decode()},{len(text.encode())}")
    record.append(f"{dist}.dist-info/RECORD,,")
    with zipfile.ZipFile(path, "w") as z:
        for arc, text in files.items():
            z.writestr(arc, text)
        z.writestr(f"{dist}.dist-info/RECORD", "\n".join(record) + "\n")
    return path


def simple_index(root: Path, wheels: list[Path]) -> None:
    """A PEP 503 index of `wheels` under root/simple."""
    by_project: dict[str, list[Path]] = {}
    for w in wheels:
        by_project.setdefault(w.name.split("-")[0].replace("_", "-").lower(), []).append(w)
    for project, files in by_project.items():
        page = root / "simple" / project
        page.mkdir(parents=True)
        links = "".join(f'<a href="../../{f.name}">{f.name}</a>\n' for f in files)
        (page / "index.html").write_text(f"<html><body>{links}</body></html>")


@pytest.fixture
def served(tmp_path):
    """Serve tmp_path over loopback; yields its URL."""
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def make_torch(tmp_path: Path, *pip_args: str, torch_index: str) -> list[tuple[str, str]]:
    """(name, version) of what `make torch` would install with these pip options."""
    report = tmp_path / "report.json"
    args = " ".join(["--dry-run", "--ignore-installed", "--report", str(report), *pip_args])
    env = {**os.environ, "PIP_CONFIG_FILE": os.devnull}
    env = {k: v for k, v in env.items() if not k.startswith("PIP_") or k == "PIP_CONFIG_FILE"}
    done = subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(REPO),
            "torch",
            f"PIP={sys.executable} -m pip",
            f"TORCH_INDEX={torch_index}",
            f"TORCH_ARGS={args}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    installs = json.loads(report.read_text())["install"]
    return [(i["metadata"]["name"], i["metadata"]["version"]) for i in installs]


@pytest.fixture
def indexes(tmp_path):
    """The public stand-in (torch 2.13.0 needing CUDA) and the CPU one (2.13.0+cpu)."""
    public, cpu = tmp_path / "public", tmp_path / "cpu"
    public.mkdir(), cpu.mkdir()
    simple_index(
        public,
        [
            wheel(public, "torch", "2.13.0", ("nvidia-cudnn-cu13",)),
            wheel(public, "nvidia-cudnn-cu13", "9.0"),
        ],
    )
    simple_index(cpu, [wheel(cpu, "torch", "2.13.0+cpu")])
    return public, cpu


def test_a_laptop_with_only_the_public_index_gets_the_cpu_build(tmp_path, indexes, served):
    picked = make_torch(
        tmp_path, "--index-url", f"{served}/public/simple", torch_index=f"{served}/cpu/simple"
    )
    assert picked == [("torch", "2.13.0+cpu")]  # no CUDA package in the install report
    # the CPU index is what makes the difference: without it, CUDA comes along
    cuda = make_torch(
        tmp_path, "--index-url", f"{served}/public/simple", torch_index=f"{served}/public/simple"
    )
    assert ("nvidia-cudnn-cu13", "9.0") in cuda


def test_a_local_cpu_wheel_is_still_taken_when_the_cpu_index_is_unreachable(
    tmp_path, indexes, served
):
    """This machine's case: no route to download.pytorch.org, a CPU wheel in pip's find-links."""
    local = tmp_path / "wheels"
    local.mkdir()
    wheel(local, "torch", "2.13.0+cpu")
    picked = make_torch(
        tmp_path,
        "--index-url",
        f"{served}/public/simple",
        "--find-links",
        str(local),
        torch_index="http://127.0.0.1:9/simple",  # nothing listens on the discard port
    )
    assert picked == [("torch", "2.13.0+cpu")]
