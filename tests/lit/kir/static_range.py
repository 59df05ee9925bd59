# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32' -D BLOCK=16 -D N=3 %s | FileCheck %s
# tl.static_range unrolls: the induction variable is a constexpr usable in constexpr ifs and as
# a tuple index. tl.range is an scf.for whose scheduling hints are ignored.
import triton
import triton.language as tl


@triton.jit
def sr(x_ptr, BLOCK: tl.constexpr, N: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    W: tl.constexpr = (2.0, 3.0, 5.0)
    # CHECK-NOT: scf.for
    # CHECK: arith.constant 2.000000e+00 : f32
    # CHECK: arith.mulf
    # CHECK: arith.constant 3.000000e+00 : f32
    # CHECK: arith.addf
    # CHECK: arith.constant 5.000000e+00 : f32
    # CHECK: arith.mulf
    for i in tl.static_range(N):
        if i % 2 == 0:
            x = x * W[i]
        else:
            x = x + W[i]
    # CHECK: scf.for {{.*}} -> (tensor<16xf32>) : i32
    for j in tl.range(0, 8, 2, num_stages=3, loop_unroll_factor=2):
        x = x + 1.0
    tl.store(x_ptr + offs, x)
