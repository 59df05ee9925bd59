"""@kcc.jit: launching, argument kinds, specialisation and the variant cache."""

import numpy as np
import pytest

import kcc
import kcc.language as tl
from kernels import (add_kernel, cast_kernel, fill_kernel, grid2d_kernel, optional_bias,
                     scale_kernel, scale_kernel_dns, staged_scale)

torch = pytest.importorskip("torch") if False else __import__("torch")


def rand(n, dtype=np.float32, seed=0):
    return np.random.default_rng(seed).standard_normal(n).astype(dtype)


def test_vector_add_numpy():
    n = 1000
    x, y = rand(n), rand(n, seed=1)
    out = np.zeros_like(x)
    k = add_kernel[(kcc.cdiv(n, 256),)](x, y, out, n, BLOCK=256)
    np.testing.assert_allclose(out, x + y, rtol=0, atol=0)
    assert isinstance(k, kcc.CompiledKernel)
    assert [p[0] for p in k.params] == ["x_ptr", "y_ptr", "out_ptr", "n"]


def test_vector_add_torch_and_positional_constexpr():
    n = 777
    x, y = torch.randn(n), torch.randn(n)
    out = torch.empty(n)
    add_kernel[(kcc.cdiv(n, 128),)](x, y, out, n, 128)
    torch.testing.assert_close(out, x + y)


def test_array_interface_and_dlpack_objects():
    class ArrayLike:
        def __init__(self, a):
            self.a = a
            self.__array_interface__ = a.__array_interface__

    class DLPackOnly:
        def __init__(self, a):
            self.a = a

        def __dlpack__(self, stream=None):
            return self.a.__dlpack__()

        def __dlpack_device__(self):
            return self.a.__dlpack_device__()

    n = 300
    x, y = rand(n), rand(n, seed=2)
    out = np.zeros_like(x)
    add_kernel[(kcc.cdiv(n, 128),)](ArrayLike(x), DLPackOnly(y), ArrayLike(out), n, BLOCK=128)
    np.testing.assert_allclose(out, x + y)


def test_grid_callable_and_meta():
    n = 1000
    x, y = rand(n), rand(n, seed=3)
    out = np.zeros_like(x)
    seen = {}

    def grid(meta):
        seen.update(meta)
        return (kcc.cdiv(meta["n"], meta["BLOCK"]),)
    add_kernel[grid](x, y, out, n, BLOCK=64, num_warps=8, num_stages=2)
    np.testing.assert_allclose(out, x + y)
    assert seen["BLOCK"] == 64 and seen["n"] == n and seen["x_ptr"] is x


def test_grid_2d():
    out = np.zeros((3, 5), np.int32)
    grid2d_kernel[(3, 5)](out, 5)
    expect = np.arange(3)[:, None] * 100 + np.arange(5)[None, :]
    np.testing.assert_array_equal(out, expect)


def test_empty_grid_is_a_no_op():
    x = np.ones(4, np.float32)
    add_kernel[(0,)](x, x, x, 4, BLOCK=4)
    np.testing.assert_array_equal(x, 1)


def test_specialisation_int_one_and_dtype_variants():
    scale_kernel.cache_clear()
    n = 64
    x = rand(n * 4)
    out = np.zeros_like(x)
    scale_kernel[(1,)](x, out, n, 2, 3.0, BLOCK=64)          # stride=2: runtime i32
    np.testing.assert_allclose(out[::2][:n], 3.0 * x[::2][:n], rtol=1e-6)
    assert scale_kernel.cache_info().variants == 1
    out[:] = 0
    c1 = scale_kernel[(1,)](x, out, n, 1, 3.0, BLOCK=64)     # stride == 1: a constexpr
    np.testing.assert_allclose(out[:n], 3.0 * x[:n], rtol=1e-6)
    assert scale_kernel.cache_info().variants == 2
    assert "stride" not in [p[0] for p in c1.params] and c1.constants["stride"] == "1"
    scale_kernel[(1,)](x, out, n, 3, 3.0, BLOCK=64)          # stride=3: reuses variant 1
    scale_kernel[(1,)](x, out, n, 1, 2.0, BLOCK=64)          # reuses variant 2
    assert scale_kernel.cache_info().variants == 2
    x64 = x.astype(np.float64)
    o64 = np.zeros_like(x64)
    c3 = scale_kernel[(1,)](x64, o64, n, 1, 3.0, BLOCK=64)   # dtype change: new variant
    assert scale_kernel.cache_info().variants == 3
    assert dict(c3.params)["x_ptr"] == "*fp64"
    np.testing.assert_allclose(o64[:n], 3.0 * x64[:n])
    scale_kernel[(1,)](x, out, n, 1, 3.0, BLOCK=32)          # constexpr change: new variant
    info = scale_kernel.cache_info()
    assert info.variants == 4 and info.misses == 4 and info.hits == 2


def test_do_not_specialize():
    scale_kernel_dns.cache_clear()
    x = rand(128)
    out = np.zeros_like(x)
    c1 = scale_kernel_dns[(1,)](x, out, 64, 1, 1.5, BLOCK=64)
    scale_kernel_dns[(1,)](x, out, 64, 2, 1.5, BLOCK=64)
    assert scale_kernel_dns.cache_info().variants == 1
    assert dict(c1.params)["stride"] == "i32"


def test_divisibility_of_ints_is_specialised():
    scale_kernel.cache_clear()
    x = rand(64)
    out = np.zeros_like(x)
    c16 = scale_kernel[(1,)](x, out, 16, 2, 1.0, BLOCK=64)   # n % 16 == 0
    c15 = scale_kernel[(1,)](x, out, 15, 2, 1.0, BLOCK=64)
    assert scale_kernel.cache_info().misses == 2
    assert "n=i32:16" in c16.signature.split(",") and "n=i32" in c15.signature.split(",")
    assert dict(c16.params)["n"] == "i32"  # the parameter type stays the plain spelling
    assert 'kcc.divisibility = array<i64: 16>, kcc.name = "n"' in c16.asm["kir"]
    assert "kcc.divisibility" not in c15.asm["kir"].split('kcc.name = "out_ptr"')[1]


def test_divisibility_of_pointers_aligned_and_misaligned_views():
    add_kernel.cache_clear()
    n = 100
    base_x, base_y = torch.randn(n + 1), torch.randn(n + 1)
    base_out = torch.zeros(n + 1)
    assert base_x.data_ptr() % 16 == 0 and base_out.data_ptr() % 16 == 0
    x, y, out = base_x[:n], base_y[:n], base_out[:n]
    c_al = add_kernel[(kcc.cdiv(n, 32),)](x, y, out, n, BLOCK=32)
    torch.testing.assert_close(out, x + y, rtol=0, atol=0)
    # views one element in: addresses 4 bytes past a multiple of 16
    x1, y1, out1 = base_x[1:], base_y[1:], base_out[1:]
    assert x1.data_ptr() % 16 == 4
    base_out.zero_()
    c_mis = add_kernel[(kcc.cdiv(n, 32),)](x1, y1, out1, n, BLOCK=32)
    torch.testing.assert_close(out1, x1 + y1, rtol=0, atol=0)
    assert base_out[0] == 0
    assert c_al is not c_mis and add_kernel.cache_info().misses == 2
    assert c_al.signature.startswith("x_ptr=*fp32:16,y_ptr=*fp32:16,out_ptr=*fp32:16,")
    assert c_mis.signature.startswith("x_ptr=*fp32,y_ptr=*fp32,out_ptr=*fp32,")
    assert c_al.asm["kir"].count("kcc.divisibility = array<i64: 16>") == 3
    assert "kcc.divisibility" not in c_mis.asm["kir"]
    # the same alignments again: no new compilation
    add_kernel[(kcc.cdiv(n, 32),)](x1, y1, out1, n, BLOCK=32)
    add_kernel[(kcc.cdiv(n, 32),)](x, y, out, n, BLOCK=32)
    assert add_kernel.cache_info().misses == 2


def test_do_not_specialize_drops_divisibility_too():
    scale_kernel_dns.cache_clear()
    x = rand(64 * 16)
    out = np.zeros_like(x)
    c = scale_kernel_dns[(1,)](x, out, 64, 16, 1.5, BLOCK=64)   # stride % 16 == 0, not kept
    np.testing.assert_allclose(out[::16], 1.5 * x[::16], rtol=1e-6)
    assert "stride=i32," in c.signature + ","


def test_launch_options_are_compile_options():
    add_kernel.cache_clear()
    n = 300
    x, y = rand(n), rand(n, seed=7)
    out = np.zeros_like(x)
    grid = (kcc.cdiv(n, 64),)
    c8 = add_kernel[grid](x, y, out, n, BLOCK=64, num_warps=8, num_stages=2)
    np.testing.assert_allclose(out, x + y)
    assert add_kernel.cache_info().misses == 1
    c4 = add_kernel[grid](x, y, out, n, BLOCK=64, num_warps=4, num_stages=2)
    assert add_kernel.cache_info().misses == 2 and c4 is not c8
    add_kernel[grid](x, y, out, n, BLOCK=64, num_warps=8, num_stages=2)    # hit
    assert add_kernel.cache_info().misses == 2
    c_st = add_kernel[grid](x, y, out, n, BLOCK=64, num_warps=8, num_stages=3)
    c_ct = add_kernel[grid](x, y, out, n, BLOCK=64, num_warps=8, num_stages=2, num_ctas=2)
    assert add_kernel.cache_info().misses == 4 and c_st is not c_ct
    # no option given means Triton's defaults: the same variant as num_warps=4, num_stages=3
    c_def = add_kernel[grid](x, y, out, n, BLOCK=64)
    assert add_kernel[grid](x, y, out, n, BLOCK=64, num_warps=4, num_stages=3, num_ctas=1) is c_def
    np.testing.assert_allclose(out, x + y)
    assert (c8.metadata.num_warps, c8.metadata.num_stages, c8.metadata.num_ctas) == (8, 2, 1)
    assert (c_def.num_warps, c_def.num_stages, c_def.num_ctas) == (4, 3, 1)
    assert "kcc.num_ctas = 1 : i32, kcc.num_stages = 2 : i32, kcc.num_warps = 8 : i32" \
        in c8.asm["kir"]
    assert "kcc.num_ctas = 2 : i32" in c_ct.asm["kir"]


def test_bad_launch_options():
    x = rand(8)
    with pytest.raises(kcc.errors.UsageError, match="bad num-warps '3'"):
        add_kernel[(1,)](x, x, x, 8, BLOCK=8, num_warps=3)
    with pytest.raises(kcc.errors.UsageError, match="bad num-ctas '3'"):
        add_kernel[(1,)](x, x, x, 8, BLOCK=8, num_ctas=3)
    with pytest.raises(TypeError, match="num_stages of add_kernel\\(\\) must be an int"):
        add_kernel[(1,)](x, x, x, 8, BLOCK=8, num_stages=2.5)


def test_constexpr_parameter_named_like_a_launch_option():
    # as Triton (backend.parse_options(kwargs)): the keyword binds the parameter and sets the option
    staged_scale.cache_clear()
    x = rand(50)
    out = np.zeros_like(x)
    c = staged_scale[(1,)](x, out, 50, BLOCK=64, num_stages=2)
    np.testing.assert_allclose(out, 2 * x)
    assert c.constants["num_stages"] == "2" and c.metadata.num_stages == 2
    c = staged_scale[(1,)](x, out, 50, 64, 5)   # positional: a parameter only
    np.testing.assert_allclose(out, 5 * x)
    assert c.constants["num_stages"] == "5" and c.metadata.num_stages == 3


def test_param_type_table_comes_from_the_library():
    rows = kcc._lib.param_types()
    names = [r.name for r in rows]
    assert names == ["i1", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "fp16", "bf16",
                     "fp32", "fp64", "fp8e4nv", "fp8e5", "fp8e4b15", "*"]
    by = {r.name: r for r in rows}
    assert by["i1"].ctype == "uint8_t" and by["i1"].abi_bits == 8
    assert by["fp16"].ctype == "uint16_t" and by["fp16"].abi_bits == 16 \
        and not by["fp16"].abi_float
    assert by["fp32"].abi_float and by["fp64"].size == 8
    assert by["*"].kind == kcc._lib.KIND_POINTER and by["*"].ctype == "void *"


def test_int_ranges_select_i64():
    scale_kernel.cache_clear()
    x = rand(8)
    out = np.zeros_like(x)
    c = scale_kernel[(1,)](x, out, 0, 2**40, 1.0, BLOCK=8)  # n=0: every lane masked off
    assert dict(c.params)["stride"] == "i64"


def test_int_beyond_64_bits_is_an_overflow_error():
    # Triton's test_value_specialization_overflow expects OverflowError; kcc's is also a
    # ValueError naming the parameter
    x = rand(8)
    out = np.zeros_like(x)
    for v in (2**64, -2**63 - 1):
        with pytest.raises(OverflowError, match="parameter 'stride' of scale_kernel"):
            scale_kernel[(1,)](x, out, 0, v, 1.0, BLOCK=8)
        with pytest.raises(kcc.ArgumentValueError):
            scale_kernel[(1,)](x, out, 0, v, 1.0, BLOCK=8)
    scale_kernel[(1,)](x, out, 0, 2**64 - 1, 1.0, BLOCK=8)  # u64
    scale_kernel[(1,)](x, out, 0, -2**63, 1.0, BLOCK=8)  # i64


def test_annotated_param_forces_type():
    out = np.zeros(10, np.int64)
    c = fill_kernel[(1,)](out, 2**40 + 5, 10, BLOCK=16)
    assert dict(c.params)["value"] == "i64"
    np.testing.assert_array_equal(out, 2**40 + 5)
    c = fill_kernel[(1,)](out, 7, 10, BLOCK=16)  # small int, still i64
    assert dict(c.params)["value"] == "i64"
    np.testing.assert_array_equal(out, 7)


def test_none_argument_is_a_constexpr():
    x, b = rand(100), rand(100, seed=5)
    out = np.zeros_like(x)
    optional_bias[(1,)](x, None, out, 100, BLOCK=128)
    np.testing.assert_allclose(out, x)
    optional_bias[(1,)](x, b, out, 100, BLOCK=128)
    np.testing.assert_allclose(out, x + b)
    assert optional_bias.cache_info().variants >= 2


@pytest.mark.parametrize("dtype,np_dtype", [(tl.float16, np.float16), (tl.float64, np.float64),
                                             (torch.float32, np.float32)])
def test_constexpr_literals(dtype, np_dtype):
    x = np.linspace(-2, 2, 50).astype(np.float32)
    out = np.zeros(50, np_dtype)
    cast_kernel[(1,)](x, out, 50, DTYPE=dtype, OP="square", NEG=True, SCALE=0.5, BLOCK=64)
    np.testing.assert_allclose(out, (-(x * 0.5) ** 2).astype(np_dtype), rtol=1e-3)


def test_bool_and_float_scalars():
    # n=8 with stride 2 touches elements 0, 2, ..., 14: the arrays must hold 15. (They once held
    # 8, and the store wrote 28 bytes past `out` into the malloc heap of the test process, which
    # aborted later tests with "corrupted size vs. prev_size".) A canary tail checks the bounds.
    x = np.ones(16, np.float32)
    buf = np.full(24, -7.0, np.float32)
    out = buf[:16]
    out[:] = 0
    c = scale_kernel[(1,)](x, out, 8, 2, 2.5, BLOCK=8)
    assert dict(c.params)["alpha"] == "fp32"
    np.testing.assert_allclose(out[::2], 2.5)
    np.testing.assert_array_equal(out[1::2], 0)
    np.testing.assert_array_equal(buf[16:], -7.0)


def test_torch_bf16_and_fp16_tensors():
    x = torch.linspace(-3, 3, 64).to(torch.bfloat16)
    out = torch.zeros(64, dtype=torch.float32)
    cast_kernel[(1,)](x, out, 64, DTYPE=tl.float32, OP="none", NEG=False, SCALE=1.0, BLOCK=64)
    torch.testing.assert_close(out, x.float())
    h = torch.linspace(-3, 3, 64).half()
    cast_kernel[(1,)](h, out, 64, DTYPE=tl.float32, OP="none", NEG=False, SCALE=1.0, BLOCK=64)
    torch.testing.assert_close(out, h.float())


def test_functional_jit_form():
    def body(x_ptr, out_ptr, n, BLOCK: tl.constexpr):
        offs = tl.arange(0, BLOCK)
        tl.store(out_ptr + offs, tl.load(x_ptr + offs, mask=offs < n) * 2, mask=offs < n)
    k = kcc.jit(body)
    assert isinstance(k, kcc.JITFunction) and k.__name__ == "body"
    assert kcc.jit(do_not_specialize=["n"])(body).params[2].specialize is False


def test_kernel_cannot_be_called_directly():
    with pytest.raises(RuntimeError, match="add_kernel"):
        add_kernel(1, 2, 3, 4)


def test_emitted_stages():
    x = np.ones(8, np.float32)
    c = add_kernel.warmup(x, x, x, 8, BLOCK=8, grid=(1,))
    kir = c.asm["kir"]
    assert "kir" in kir or "func" in kir
    assert len(c.asm["llvm"]) > 0


def test_target_env(monkeypatch):
    x = np.ones(8, np.float32)
    monkeypatch.setenv("KCC_TARGET", "no-such-target")
    with pytest.raises(kcc.UsageError):
        add_kernel[(1,)](x, x, x, 8, BLOCK=8)
