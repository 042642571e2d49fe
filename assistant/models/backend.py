"""Which runtime embeds: `embedding.backend = "auto"` resolved for this store and this CPU.

The int8 graph is about twice the float32 one's speed where the CPU multiplies int8 vectors in one
instruction (x86 VNNI or AMX, Arm's dot-product extension) and gains little elsewhere: another
AVX2 machine without VNNI ran it at 1.09x torch, where this one (AVX-512 VNNI) runs it at 4.6x
(docs/speed.md). float32 ONNX gives torch's vectors, at 2.4x torch's speed on sentences here,
without int8 instructions. So "auto" takes int8 where those instructions exist and float32
elsewhere, and once a store holds vectors it keeps the backend that made them: a store is never
re-embedded, nor refused by a replica, because it was opened on another CPU.
"""

from __future__ import annotations

import platform
from pathlib import Path

BACKENDS = ("torch", "onnx-int8", "onnx-fp32")
INT8_FLAGS = {"avx512_vnni", "avx_vnni", "amx_int8", "asimddp"}
"""/proc/cpuinfo flags of an int8 dot-product instruction: x86 VNNI (AVX-512 or AVX), AMX, and
Arm's SDOT/UDOT ("asimddp")."""


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str]:
    """The CPU's feature flags as Linux lists them (x86 "flags", Arm "Features"); empty
    elsewhere."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("flags", "Features"):
            return set(value.split())
    return set()


def has_int8_dot_product(flags: set[str] | None = None, system: str | None = None) -> bool:
    """Whether int8 matrix products have their own instruction here. Apple's M chips all have
    Arm's dot product; macOS lists no flags."""
    if (system or platform.system()) == "Darwin" and platform.machine() == "arm64":
        return True
    return bool(INT8_FLAGS & (cpu_flags() if flags is None else flags))


def embedder_name(model: str, backend: str) -> str:
    """The name a store records for vectors of `model` made by `backend`. torch keeps the bare
    model name that stores made before backends existed recorded."""
    return model if backend == "torch" else f"{model} ({backend})"


def resolve_backend(
    setting: str, model: str, stored: str | None = None, int8_fast: bool | None = None
) -> str:
    """The backend to embed with: `setting` unless it is "auto"; for "auto", the backend of the
    store's vectors when they are of this model (`stored`: the name the store recorded), else
    int8 where the CPU has an int8 dot product (`int8_fast`; detected when None), else fp32."""
    if setting != "auto":
        return setting
    for backend in BACKENDS:
        if stored and stored == embedder_name(model, backend):
            return backend
    fast = has_int8_dot_product() if int8_fast is None else int8_fast
    return "onnx-int8" if fast else "onnx-fp32"
