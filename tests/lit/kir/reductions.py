# RUN: %kcc --emit=kir --signature 'c_ptr=*i8,u_ptr=*u8,h_ptr=*fp16,f_ptr=*fp32,out_ptr=*fp32' -D BM=8 -D BN=16 %s | FileCheck %s
# Reduction result types: tl.sum of int8 -> int32, of uint8 -> uint32, fp16 stays fp16;
# tl.max/min of fp16 -> fp32; axis positional or keyword; keep_dims; axis=None.
import triton
import triton.language as tl


@triton.jit
def reductions(c_ptr, u_ptr, h_ptr, f_ptr, out_ptr, BM: tl.constexpr, BN: tl.constexpr):
    offs = tl.arange(0, BM)[:, None] * BN + tl.arange(0, BN)[None, :]
    c = tl.load(c_ptr + offs)
    u = tl.load(u_ptr + offs)
    h = tl.load(h_ptr + offs)
    f = tl.load(f_ptr + offs)
    # CHECK: arith.extsi {{.*}} : tensor<8x16xi8> to tensor<8x16xi32>
    # CHECK: "kir.reduce"
    # CHECK: arith.addi {{.*}} : i32
    # CHECK: {axis = 1 : i32{{.*}}} : (tensor<8x16xi32>) -> tensor<8xi32>
    s8 = tl.sum(c, axis=1)
    # CHECK: arith.extui {{.*}} : tensor<8x16xi8> to tensor<8x16xi32>
    # CHECK: {axis = 0 : i32{{.*}}} : (tensor<8x16xi32>) -> tensor<16xi32>
    su = tl.sum(u, 0)
    # CHECK: arith.addf {{.*}} : f16
    # CHECK: {axis = 1 : i32{{.*}}} : (tensor<8x16xf16>) -> tensor<8xf16>
    sh = tl.sum(h, axis=1)
    # CHECK: arith.extf {{.*}} : tensor<8x16xf16> to tensor<8x16xf32>
    # CHECK: arith.maxnumf {{.*}} : f32
    # CHECK: {axis = 1 : i32{{.*}}} : (tensor<8x16xf32>) -> tensor<8xf32>
    mh = tl.max(h, axis=1)
    # CHECK: arith.minnumf {{.*}} : f32
    mn = tl.min(f, axis=0)
    # keep_dims keeps a size-1 axis
    # CHECK: -> tensor<8x1xf32>
    k = tl.sum(f, axis=1, keep_dims=True)
    # axis=None reduces everything to a scalar
    # CHECK: "kir.reshape"({{.*}}) : (tensor<8x16xf32>) -> tensor<128xf32>
    # CHECK: {axis = 0 : i32{{.*}}} : (tensor<128xf32>) -> f32
    tot = tl.sum(f)
    # the method form
    # CHECK: {axis = 0 : i32{{.*}}} : (tensor<8xf32>) -> f32
    m2 = mh.max(axis=0)
    r = s8.to(tl.float32) + sh.to(tl.float32) + mh + tl.sum(su, axis=0).to(tl.float32) + tl.sum(mn, axis=0)
    tl.store(out_ptr + tl.arange(0, BM), r + tl.sum(k, axis=1) + tot + m2)
