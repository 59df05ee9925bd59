# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32' -D BM=8 -D BN=16 %s | FileCheck %s
# Shape operations: trans / .T / permute, reshape, expand_dims, broadcast_to, join / split.
import triton
import triton.language as tl


@triton.jit
def shapes(x_ptr, BM: tl.constexpr, BN: tl.constexpr):
    offs = tl.arange(0, BM)[:, None] * BN + tl.arange(0, BN)[None, :]
    x = tl.load(x_ptr + offs)
    # CHECK: "kir.trans"({{.*}}) {order = array<i32: 1, 0>} : (tensor<8x16xf32>) -> tensor<16x8xf32>
    t = tl.trans(x)
    # CHECK: "kir.trans"({{.*}}) {order = array<i32: 1, 0>} : (tensor<16x8xf32>) -> tensor<8x16xf32>
    u = t.T
    # CHECK: "kir.reshape"({{.*}}) : (tensor<8x16xf32>) -> tensor<2x4x16xf32>
    r = tl.reshape(u, (2, 4, BN))
    # CHECK: "kir.trans"({{.*}}) {order = array<i32: 2, 0, 1>} : (tensor<2x4x16xf32>) -> tensor<16x2x4xf32>
    p = tl.permute(r, (2, 0, 1))
    # CHECK: "kir.expand_dims"({{.*}}) {axis = 0 : i32} : (tensor<16xi32>) -> tensor<1x16xi32>
    e = tl.expand_dims(tl.arange(0, BN), 0)
    # CHECK: "kir.broadcast"({{.*}}) : (tensor<1x16xi32>) -> tensor<8x16xi32>
    b = tl.broadcast_to(e, (BM, BN))
    # CHECK: "kir.join"({{.*}}) : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16x2xf32>
    j = tl.join(x, u)
    # CHECK: "kir.split"({{.*}}) : (tensor<8x16x2xf32>) -> (tensor<8x16xf32>, tensor<8x16xf32>)
    lo, hi = tl.split(j)
    y = lo + hi + b.to(tl.float32) + tl.reshape(p, (BM, BN))
    tl.store(x_ptr + offs, y)
