# f64 transcendental math: libdevice on nvidia; on amdgpu (no device libraries) a located error.
import triton
import triton.language as tl


@triton.jit
def f64_exp(x_ptr, out_ptr, BLOCK: tl.constexpr):
    i = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + i)
    tl.store(out_ptr + i, tl.exp(x) + tl.sqrt(x))
