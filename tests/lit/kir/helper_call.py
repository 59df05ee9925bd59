# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s | FileCheck %s
# Calls to @jit helpers are inlined: positional and keyword arguments, defaults, constexpr
# parameters, tuple returns unpacked at the call site, nested calls, early return under a
# constexpr if.
import triton
import triton.language as tl


@triton.jit
def stats(x, mask, scale: tl.constexpr = 2.0):
    s = tl.sum(tl.where(mask, x, 0.0), axis=0)
    m = tl.max(tl.where(mask, x, -float("inf")), axis=0)
    return s * scale, m


@triton.jit
def act(x, KIND: tl.constexpr):
    if KIND == "relu":
        return tl.maximum(x, 0)
    return x


@triton.jit
def twice(x):
    return act(x, "relu") * 2


@triton.jit
def helper(x_ptr, n, BLOCK: tl.constexpr):
    # CHECK-NOT: func.call
    offs = tl.arange(0, BLOCK)
    mask = offs < n
    x = tl.load(x_ptr + offs, mask=mask, other=0.0)
    # CHECK: arith.select
    # CHECK: "kir.reduce"
    # CHECK: arith.addf
    # CHECK: "kir.reduce"
    # CHECK: arith.maxnumf
    # CHECK: arith.constant 4.000000e+00 : f32
    # CHECK: arith.mulf {{.*}} : f32
    total, biggest = stats(x, mask=mask, scale=4.0)
    # CHECK: arith.maxnumf {{.*}} : tensor<16xf32>
    y = twice(x)
    tl.store(x_ptr + offs, y + total + biggest)
