"""The Python surface Triton code touches beyond the kernel language: the runtime driver
registry, the compile errors and their classes, ``triton.compile(ASTSource)`` and the stages of
its result, ``perf_report`` tables (with and without pandas), the allocator, tools, profiler."""

import importlib
import sys

import numpy as np
import pytest

import kcc
import kcc.triton as triton
import kcc.triton.language as tl
from kcc.triton.compiler import ASTSource
from kcc.triton.compiler.errors import CompilationError, CompileTimeAssertionFailure


def test_driver_registry():
    from kcc.triton.runtime import driver
    import kcc.triton.runtime.driver as driver_module
    assert driver is driver_module is triton.runtime.driver
    cpu = driver.active
    assert cpu.get_current_target().backend == "cpu"
    assert driver.get_active_gpus() == []
    with pytest.raises(RuntimeError, match="runs Triton programs on the CPU"):
        driver.set_active_to_gpu()
    other = object()
    driver.set_active(other)
    try:
        assert driver.active is other
        driver.set_active_to_cpu()
        assert driver.active is cpu
    finally:
        driver.reset_active()
    assert driver.active is cpu and driver.default is cpu


def test_language_submodules_are_one_set_of_objects():
    m = importlib.import_module("kcc.triton.language.extra.cpu")
    assert m is sys.modules["kcc.language.extra.cpu"]
    assert importlib.import_module("kcc.triton.language.math") is kcc.language.math
    with pytest.raises(ImportError, match="kcc does not provide kcc.language.nosuch"):
        importlib.import_module("kcc.triton.language.nosuch")


@triton.jit
def _scale(x_ptr, out_ptr, n, BLOCK: tl.constexpr, FACTOR: tl.constexpr = 3):
    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)
    tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) * FACTOR, mask=offs < n)


def test_compile_ast_source_and_stages():
    k = triton.compile(ASTSource(fn=_scale, signature={"x_ptr": "*fp32", "out_ptr": "*fp32",
                                                       "n": "i32"}, constexprs={"BLOCK": 64}))
    assert "func.func @_scale" in k.asm["ttir"] and k.asm["ttir"] == k.asm["kir"]
    assert "define" in k.asm["llir"]
    x = np.arange(100, dtype=np.float32)
    out = np.zeros_like(x)
    k[(2, 1, 1)](x, out, 100, BLOCK=64)
    assert (out == 3 * x).all()
    k = triton.compile(ASTSource(_scale, {"x_ptr": "*fp16", "out_ptr": "*bf16", "n": "i32"},
                                 {(3,): 32, "FACTOR": 1}))  # constexprs by Triton's index path
    assert k.signature == "x_ptr=*fp16,out_ptr=*bf16,n=i32" and k.constants["BLOCK"] == "32"
    # fp8 on the Python side (dtypes, signature spellings); the compiler takes fp8 pointers and
    # refuses fp8 arithmetic (convert first)
    assert tl.str_to_ty("*fp8e4nv", None).element_ty is tl.float8e4nv
    assert tl.float8e5.fp_mantissa_width == 2 and tl.float8e4b15.primitive_bitwidth == 8
    with pytest.raises(kcc.CompilationError, match="'\\*' on fp8e5 values is not supported"):
        triton.compile(ASTSource(_scale, {"x_ptr": "*fp8e5", "out_ptr": "*fp8e4nv", "n": "i32"},
                                 {"BLOCK": 32}))


def test_compile_errors_are_triton_classes():
    @triton.jit
    def bad():
        tl.static_assert(1 == 2, "one is not two")

    with pytest.raises(CompileTimeAssertionFailure) as e:
        triton.compile(ASTSource(fn=bad, signature={}, constexprs={}))
    assert isinstance(e.value, CompilationError) and isinstance(e.value, triton.TritonError)
    text = str(e.value)
    assert text.startswith("at 2:4:\n")  # Triton's location: line 2 of the def, column 4
    assert "error: static assertion failed: one is not two" in text
    assert e.value.__cause__ is None

    @triton.jit
    def kernel():
        a += 1  # noqa: F821

    with pytest.raises(CompilationError, match="at 2:4:") as e:
        triton.compile(ASTSource(kernel, {}, {}))
    assert type(e.value) is CompilationError
    with pytest.raises(kcc.UsageError, match="no value for constexpr parameter 'BLOCK'"):
        triton.compile(ASTSource(_scale, {"x_ptr": "*fp32", "out_ptr": "*fp32", "n": "i32"}))


def test_perf_report_table_without_pandas(monkeypatch, capsys, tmp_path):
    calls = []

    @triton.testing.perf_report(triton.testing.Benchmark(
        x_names=["N", "M"], x_vals=[(1, 2), (3, 4)], line_arg="p", line_vals=["a", "b"],
        line_names=["A", "B"], plot_name="t", args={"k": 10}, ylabel="ms"))
    def bench(N, M, p, k):
        calls.append((N, M, p, k))
        return float(N * M + k) if p == "a" else (1.5, 1.0, 2.0)

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas fails
    monkeypatch.delenv("KCC_BENCH_QUICK", raising=False)
    assert bench.run(print_data=True) is None
    assert calls == [(1, 2, "a", 10), (1, 2, "b", 10), (3, 4, "a", 10), (3, 4, "b", 10)]
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "t:"
    assert out[1].split() == ["N", "M", "A", "(ms)", "B", "(ms)"]
    assert out[2].split() == ["0", "1", "2", "12.000000", "1.500000"]
    assert out[3].split() == ["1", "3", "4", "22.000000", "1.500000"]
    monkeypatch.setenv("KCC_BENCH_QUICK", "1")
    calls.clear()
    bench.run(save_path=str(tmp_path))
    assert len(calls) == 2
    assert (tmp_path / "t.csv").read_text().splitlines() == [
        "N,M,A (ms),B (ms)", "1,2,12.000000,1.500000"]


def test_allocator_tools_profiler():
    from kcc.triton.runtime import _allocation
    with pytest.raises(RuntimeError, match="no allocator was set"):
        _allocation.get_allocator()(16, 16, None)
    triton.set_allocator(lambda size, align, stream: bytearray(size))
    assert len(_allocation.get_allocator()(8, 8, None)) == 8
    triton.set_allocator(_allocation.NullAllocator())
    from kcc.triton.tools.tensor_descriptor import TensorDescriptor
    a = np.zeros((4, 8), dtype=np.float32)
    d = TensorDescriptor(a, [4, 8], [8, 1], [2, 8])
    assert d.block_shape == [2, 8]
    with pytest.raises(ValueError, match="last dimension must be contiguous"):
        TensorDescriptor(a, [4, 8], [1, 4], [2, 8])
    import kcc.triton.profiler as proton
    sid = proton.start("x", hook="triton")
    with proton.scope("region"):
        pass
    proton.finalize(sid)


def test_jit_function_attributes():
    assert _scale.fn.__name__ == "_scale" and _scale.arg_names == ["x_ptr", "out_ptr", "n",
                                                                    "BLOCK", "FACTOR"]
    assert [p.num for p in _scale.params] == [0, 1, 2, 3, 4]
    assert _scale.src.startswith("def _scale(") and len(_scale.cache_key) == 64
    x = np.ones(10, dtype=np.float32)
    out = np.zeros_like(x)
    k = _scale.warmup(x, out, 10, BLOCK=16, grid=(1,))
    assert k.device_caches if hasattr(k, "device_caches") else True
    _scale.run(x, out, 10, BLOCK=16, grid=(1,), warmup=False)
    assert (out == 3).all()
    _scale.device_caches["cpu"][0].clear()
    assert _scale.cache_info().currsize == 0 if hasattr(_scale.cache_info(), "currsize") \
        else len(_scale.cache) == 0


@triton.jit
def _helper_with_error():
    xyz  # noqa: F821


def test_error_in_helper_is_located_in_the_helper():
    @triton.jit
    def kernel():
        _helper_with_error()

    with pytest.raises(CompilationError) as e:
        triton.compile(ASTSource(kernel, {}, {}))
    assert str(e.value).startswith("at 2:4:\n") and "name 'xyz' is not defined" in str(e.value)


def test_mxfp_formats():
    torch = pytest.importorskip("torch")
    from kcc.triton.tools.mxfp import MXFP4Tensor, MXScaleTensor
    x = torch.tensor([[0.4, -1.25, 2.5, 7.0, 3.0]])
    m = MXFP4Tensor(x)  # nearest E2M1 value, ties to the even code, saturating at 6
    assert m.to(torch.float32).tolist() == [[0.5, -1.0, 2.0, 6.0, 3.0]]
    packed = m.to_packed_tensor(dim=1)
    assert packed.shape == (1, 3) and packed[0, 0].item() == (m.data[0, 0] | m.data[0, 1] << 4)
    assert torch.equal(m.unpack_packed_tensor(packed, 1, (1, 5)), m.data)
    s = MXScaleTensor(size=(64,), device="cpu").random(high=32.0)
    v = s.to(torch.float32)
    assert (v <= 32).all() and torch.equal(torch.log2(v), torch.log2(v).round())
    assert MXScaleTensor(torch.tensor([1.0, 0.25, -1.0])).data.tolist() == [127, 125, 255]


def test_const_annotation_is_a_runtime_pointer_and_dtype_by_name():
    @triton.jit
    def copy(in_ptr: tl.const, out, n: tl.int32, B: tl.constexpr):
        o = tl.arange(0, B)
        tl.store(out + o, tl.load(in_ptr + o, mask=o < n), mask=o < n)

    x = np.arange(8, dtype=np.float32)
    y = np.zeros_like(x)
    copy[(1,)](x, y, 8, B=8)
    assert (y == x).all()
    assert tl.dtype("fp64") == tl.float64 and tl.dtype("fp64").literal() == "tl.float64"
    assert tl.dtype("i8").primitive_bitwidth == 8


def test_constexpr_listed_in_do_not_specialize_is_refused():
    @triton.jit(do_not_specialize=["N"])
    def kernel(N: tl.constexpr):
        pass

    with pytest.raises(CompilationError, match="N marked as constexpr and listed in do_not_"):
        triton.compile(ASTSource(fn=kernel, signature={}, constexprs={"N": 5}))
    with pytest.raises(CompilationError, match=r"\.py:\d+:1: error: N marked as constexpr"):
        kernel[(1,)](5)
