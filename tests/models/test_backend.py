from assistant.models.backend import (
    cpu_flags,
    embedder_name,
    has_int8_dot_product,
    resolve_backend,
)

MODEL = "bundled:all-MiniLM-L6-v2"


def test_cpu_flags_are_read_from_x86_and_arm_cpuinfo(tmp_path):
    x86 = tmp_path / "x86"
    x86.write_text("processor\t: 0\nmodel name\t: AMD EPYC\nflags\t\t: fpu avx2 avx512_vnni\n")
    arm = tmp_path / "arm"
    arm.write_text("processor\t: 0\nFeatures\t: fp asimd asimddp sha3\nCPU part\t: 0xd0c\n")
    assert cpu_flags(x86) == {"fpu", "avx2", "avx512_vnni"}
    assert cpu_flags(arm) == {"fp", "asimd", "asimddp", "sha3"}
    assert cpu_flags(tmp_path / "missing") == set()


def test_int8_counts_as_fast_only_with_a_dot_product_instruction():
    assert has_int8_dot_product({"avx2", "fma", "avx512_vnni"}, system="Linux")
    assert has_int8_dot_product({"avx2", "avx_vnni"}, system="Linux")
    assert has_int8_dot_product({"asimd", "asimddp"}, system="Linux")
    assert not has_int8_dot_product({"avx2", "fma", "avx512f", "avx512bw"}, system="Linux")
    assert not has_int8_dot_product(set(), system="Linux")


def test_auto_follows_the_store_and_else_the_cpu():
    assert resolve_backend("torch", MODEL, embedder_name(MODEL, "onnx-int8")) == "torch"
    for backend in ("torch", "onnx-int8", "onnx-fp32"):
        stored = embedder_name(MODEL, backend)
        for fast in (True, False):
            assert resolve_backend("auto", MODEL, stored, int8_fast=fast) == backend
    # a new store, or vectors of another model (which re-index anyway): the CPU decides
    for stored in (None, embedder_name("other-model", "onnx-int8")):
        assert resolve_backend("auto", MODEL, stored, int8_fast=True) == "onnx-int8"
        assert resolve_backend("auto", MODEL, stored, int8_fast=False) == "onnx-fp32"
    assert embedder_name(MODEL, "torch") == MODEL  # as stores before backends recorded it
