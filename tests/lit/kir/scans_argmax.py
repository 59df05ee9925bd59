# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,c_ptr=*i8,out_ptr=*i32' -D BLOCK=16 %s | FileCheck %s
# tl.cumsum (int8 accumulates in int32), reverse scans, tl.argmax / tl.argmin (int32 indices),
# tl.max(..., return_indices=True), tl.reduce / tl.associative_scan with a @jit combine function.
import triton
import triton.language as tl


@triton.jit
def mul_fn(a, b):
    return a * b


@triton.jit
def scans(x_ptr, c_ptr, out_ptr, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    c = tl.load(c_ptr + offs)
    # CHECK: arith.extsi {{.*}} : tensor<16xi8> to tensor<16xi32>
    # CHECK: "kir.scan"
    # CHECK: arith.addi {{.*}} : i32
    # CHECK: {axis = 0 : i32{{.*}}reverse = false} : (tensor<16xi32>) -> tensor<16xi32>
    cs = tl.cumsum(c, axis=0)
    # CHECK: {axis = 0 : i32{{.*}}reverse = true} : (tensor<16xf32>) -> tensor<16xf32>
    rs = tl.cumsum(x, 0, reverse=True)
    # argmax: one (value, int32 index) reduction; ties go to the smaller index
    # CHECK: "kir.reduce"
    # CHECK: arith.cmpf ogt
    # CHECK: arith.cmpi slt
    # CHECK: gpu.yield {{.*}} : f32, i32
    # CHECK: : (tensor<16xf32>, tensor<16xi32>) -> (f32, i32)
    i = tl.argmax(x, axis=0)
    # CHECK: arith.cmpf olt
    # CHECK: -> (f32, i32)
    j = tl.argmin(x, axis=0)
    # max with indices gives (value, index)
    # CHECK: -> (f32, i32)
    m, k = tl.max(x, axis=0, return_indices=True)
    # a user combine function is inlined into the region
    # CHECK: "kir.reduce"
    # CHECK: arith.mulf {{.*}} : f32
    # CHECK: gpu.yield
    p = tl.reduce(x, 0, mul_fn)
    # CHECK: "kir.scan"
    # CHECK: arith.muli {{.*}} : i32
    # CHECK: {axis = 0 : i32{{.*}}reverse = false} : (tensor<16xi32>) -> tensor<16xi32>
    q = tl.associative_scan(cs, 0, mul_fn)
    tl.store(out_ptr + offs, cs + q + rs.to(tl.int32) + i + j + k + (m + p).to(tl.int32))
