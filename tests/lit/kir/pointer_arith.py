# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,u_off=u32,i_off=i64,n=i32' -D BLOCK=16 %s | FileCheck %s
# Pointer arithmetic (reference section 4.5): ptr + int block, int + ptr, ptr - int, pointer
# augmented assignment; unsigned offsets narrower than 64 bits are zero-extended.
import triton
import triton.language as tl


@triton.jit
def ptrs(x_ptr, u_off, i_off, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    # CHECK: "kir.splat"(%arg0) : (!kir.ptr<f32>) -> tensor<16x!kir.ptr<f32>>
    # CHECK: "kir.addptr"({{.*}}) : (tensor<16x!kir.ptr<f32>>, tensor<16xi32>) -> tensor<16x!kir.ptr<f32>>
    p = x_ptr + offs
    # int + ptr
    # CHECK: "kir.addptr"(%arg0, %arg3) : (!kir.ptr<f32>, i32) -> !kir.ptr<f32>
    q = n + x_ptr
    # an unsigned 32-bit offset is zero-extended to i64 first
    # CHECK: arith.extui %arg1 : i32 to i64
    # CHECK: "kir.addptr"({{.*}}) : (!kir.ptr<f32>, i64) -> !kir.ptr<f32>
    r = x_ptr + u_off
    # ptr - int negates the offset
    # CHECK: arith.subi {{.*}} : i64
    # CHECK: "kir.addptr"({{.*}}) : (!kir.ptr<f32>, i64) -> !kir.ptr<f32>
    s = r - i_off
    # augmented assignment on a pointer block
    # CHECK: "kir.addptr"({{.*}}) : (tensor<16x!kir.ptr<f32>>, tensor<16xi32>) -> tensor<16x!kir.ptr<f32>>
    p += BLOCK
    # pointers in tl.where
    # CHECK: arith.select {{.*}} : !kir.ptr<f32>
    t = tl.where(n > 0, q, s)
    tl.store(p, tl.load(t))
