# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,stride=i32' -D BM=16 -D BN=32 %s | FileCheck %s
# x[:, None] / x[None, :] insert axes; binary ops broadcast NumPy-style.
import triton
import triton.language as tl


@triton.jit
def bcast(x_ptr, stride, BM: tl.constexpr, BN: tl.constexpr):
    rm = tl.arange(0, BM)
    rn = tl.arange(0, BN)
    # CHECK: "kir.expand_dims"({{.*}}) {axis = 1 : i32} : (tensor<16xi32>) -> tensor<16x1xi32>
    # CHECK: "kir.expand_dims"({{.*}}) {axis = 0 : i32} : (tensor<32xi32>) -> tensor<1x32xi32>
    # CHECK: "kir.broadcast"({{.*}}) : (tensor<16x1xi32>) -> tensor<16x32xi32>
    # CHECK: "kir.broadcast"({{.*}}) : (tensor<1x32xi32>) -> tensor<16x32xi32>
    # CHECK: arith.addi {{.*}} : tensor<16x32xi32>
    offs = rm[:, None] * stride + rn[None, :]
    # a scalar pointer splats to the offsets' shape
    # CHECK: "kir.splat"(%arg0) : (!kir.ptr<f32>) -> tensor<16x32x!kir.ptr<f32>>
    # CHECK: "kir.addptr"({{.*}}) : (tensor<16x32x!kir.ptr<f32>>, tensor<16x32xi32>) -> tensor<16x32x!kir.ptr<f32>>
    p = x_ptr + offs
    x = tl.load(p)
    # a lower-rank operand gets leading size-1 dims
    # CHECK: "kir.expand_dims"({{.*}}) {axis = 0 : i32} : (tensor<32xf32>) -> tensor<1x32xf32>
    y = x + rn.to(tl.float32)
    # three-way: x[None, :, None]
    # CHECK: -> tensor<1x16x1xi32>
    z = rm[None, :, None]
    tl.store(p, y + tl.sum(tl.sum(z, axis=2), axis=0).to(tl.float32)[:, None])
