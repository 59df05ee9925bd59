# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,out_ptr=*fp32,n=i32,big=i64' -D BLOCK=16 %s | FileCheck %s
# for range(...) with runtime bounds -> scf.for; loop-carried tensors become iter_args and keep
# their types; the induction variable is the integer promotion of the bounds.
import triton
import triton.language as tl


@triton.jit
def loops(x_ptr, out_ptr, n, big, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    acc = tl.zeros([BLOCK], dtype=tl.float32)
    total = 0.0
    p = x_ptr + offs
    # CHECK: scf.for %[[I:.*]] = %{{.*}} to %arg2 step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<16xf32>, f32, tensor<16x!kir.ptr<f32>>) : i32
    for i in range(0, n, BLOCK):
        x = tl.load(p, mask=offs + i < n, other=0.0)
        acc += x
        total += tl.sum(x, axis=0)
        p += BLOCK
    # CHECK: scf.yield {{.*}} : tensor<16xf32>, f32, tensor<16x!kir.ptr<f32>>
    # a one-argument range starts at 0 with step 1
    # CHECK: scf.for {{.*}} = %c0_i32{{.*}} to %arg2 step %c1_i32{{.*}} iter_args({{.*}}) -> (tensor<16xf32>) : i32
    for j in range(n):
        acc = acc * 0.5
    # an int64 bound makes the induction variable int64
    # CHECK: arith.extsi %arg2 : i32 to i64
    # CHECK: scf.for {{.*}} -> (f32) : i64
    for k in range(n, big):
        total = total + k.to(tl.float32)
    # a negative constexpr step iterates the reversed range
    # CHECK: scf.for {{.*}} -> (f32) : i32
    for m in range(10, 0, -3):
        total = total - m
    tl.store(out_ptr + offs, acc + total)
