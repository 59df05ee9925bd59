# kcc: -k fused_gelu_stats --signature 'x_ptr=*fp32,out_ptr=*fp32,stats_ptr=*fp32,n=i32' -D BLOCK=256 -D APPROX='"tanh"'
"""A kernel calling @triton.jit helpers: keyword arguments, defaults, constexpr arguments and a
tuple return that is unpacked at the call site."""
import triton
import triton.language as tl


@triton.jit
def tanh(x):
    # tanh through exp, as some kernels do to avoid libdevice
    e = tl.exp(-2.0 * tl.abs(x))
    t = (1.0 - e) / (1.0 + e)
    return tl.where(x >= 0, t, -t)


@triton.jit
def gelu(x, approximate: tl.constexpr = "none"):
    if approximate == "tanh":
        k = 0.7978845608028654  # sqrt(2 / pi)
        return 0.5 * x * (1.0 + tanh(k * (x + 0.044715 * x * x * x)))
    else:
        return 0.5 * x * (1.0 + tl.math.erf(x * 0.7071067811865476))


@triton.jit
def block_stats(x, mask, scale=1.0):
    """Returns (sum, max) of the live lanes of a block."""
    s = tl.sum(tl.where(mask, x, 0.0), axis=0) * scale
    m = tl.max(tl.where(mask, x, -float("inf")), axis=0)
    return s, m


@triton.jit
def fused_gelu_stats(x_ptr, out_ptr, stats_ptr, n, BLOCK: tl.constexpr, APPROX: tl.constexpr):
    pid = tl.program_id(0)
    offs = pid * BLOCK + tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    y = gelu(x, approximate=APPROX)
    tl.store(out_ptr + offs, y, mask=mask)
    total, biggest = block_stats(y, mask=mask, scale=1.0 / BLOCK)
    tl.store(stats_ptr + 2 * pid, total)
    tl.store(stats_ptr + 2 * pid + 1, biggest)
