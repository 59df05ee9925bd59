# RUN: %kcc --emit=kir --signature 'x_ptr=*fp16,i_ptr=*i32,n=i32' -D BLOCK=16 %s | FileCheck %s
# Tile creation (zeros/full/zeros_like), tl.where (with an int32 condition), maximum/minimum.
import triton
import triton.language as tl


@triton.jit
def zfw(x_ptr, i_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    i = tl.load(i_ptr + offs)
    # CHECK: arith.constant dense<0.000000e+00> : tensor<16x8xf32>
    z = tl.zeros((BLOCK, 8), dtype=tl.float32)
    # CHECK: arith.constant dense<7> : tensor<16xi64>
    full = tl.full([BLOCK], 7, tl.int64)
    # CHECK: arith.constant dense<0.000000e+00> : tensor<16xf16>
    zl = tl.zeros_like(x)
    # a runtime scalar fill value is splatted
    # CHECK: "kir.splat"(%arg2) : (i32) -> tensor<16xi32>
    fn = tl.full([BLOCK], n, tl.int32)
    # an int32 condition is compared with 0
    # CHECK: arith.cmpi ne, {{.*}} : tensor<16xi32>
    # CHECK: arith.select {{.*}} : tensor<16xi1>, tensor<16xf16>
    w = tl.where(i, x, 0.0)
    # maximum/minimum drop NaN (maxnumf); a float literal makes an fp16 operand fp32
    # CHECK: arith.maxnumf {{.*}} : tensor<16xf32>
    mx = tl.maximum(x, 0.0)
    # an int literal does not: stays fp16
    # CHECK: arith.minnumf {{.*}} : tensor<16xf16>
    mn = tl.minimum(x, 0)
    # integer maximum by signedness
    # CHECK: arith.maxsi {{.*}} : tensor<16xi32>
    im = tl.maximum(i, fn)
    # propagate_nan=ALL uses maximumf
    # CHECK: arith.maximumf
    pn = tl.maximum(x, zl, propagate_nan=tl.PropagateNan.ALL)
    tl.store(x_ptr + offs, w + mn + zl + pn)
    tl.store(i_ptr + offs, im + full.to(tl.int32) + mx.to(tl.int32) + tl.sum(z, axis=1).to(tl.int32))
