# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32,stride=i32' -D BLOCK=16 %s | FileCheck %s
# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32,stride=i32' -D BLOCK=16 %s | %kcc-opt - | FileCheck %s
# Optimisation hints attach to the value they return, Triton-style: kcc.divisibility
# (multiple_of), kcc.contiguity (max_contiguous) and kcc.constancy (max_constancy), one entry per
# dimension, on the op defining the value or in a kernel argument's arg_attrs; a second hint of
# the same kind keeps the larger entry per dimension; hints on loop-carried values are dropped.
# They survive kcc-opt. tl.static_assert is checked at compile time; tl.debug_barrier becomes
# kir.barrier.
import triton
import triton.language as tl


@triton.jit
def hints(x_ptr, n, stride, BLOCK: tl.constexpr):
    # CHECK: func.func @hints(%arg0: !kir.ptr<f32> {kcc.divisibility = array<i64: 16>, kcc.name = "x_ptr", kcc.type = "*fp32"}, %arg1: i32 {kcc.name = "n", kcc.type = "i32"}, %arg2: i32 {kcc.constancy = array<i64: 1>, kcc.divisibility = array<i64: 8>, kcc.name = "stride", kcc.type = "i32"})
    x_ptr = tl.multiple_of(x_ptr, 16)
    stride = tl.max_constancy(tl.multiple_of(tl.multiple_of(stride, 8), (4,)), 1)
    tl.static_assert(BLOCK % 16 == 0, "BLOCK must be a multiple of 16")
    pid = tl.program_id(0)
    # CHECK: arith.muli %{{.*}}, %{{.*}} {kcc.divisibility = array<i64: 16>} : i32
    start = tl.multiple_of(pid * BLOCK, BLOCK)
    # CHECK: arith.addi %{{.*}}, %{{.*}} {kcc.contiguity = array<i64: 16>, kcc.divisibility = array<i64: 16>} : tensor<16xi32>
    offs = tl.max_contiguous(tl.multiple_of(start + tl.arange(0, BLOCK), BLOCK), BLOCK)
    # CHECK: arith.addi %{{.*}}, %{{.*}} {kcc.constancy = array<i64: 2, 2>, kcc.contiguity = array<i64: 1, 16>, kcc.divisibility = array<i64: 16, 1>} : tensor<16x16xi32>
    tile = tl.arange(0, BLOCK)[:, None] * stride + tl.arange(0, BLOCK)[None, :]
    tile = tl.max_constancy(tl.max_contiguous(tl.multiple_of(tile, (BLOCK, 1)), [1, BLOCK]), 2)
    # CHECK: scf.for
    # CHECK-NOT: kcc.divisibility
    # CHECK: scf.yield
    acc = tl.zeros([BLOCK], dtype=tl.int32)
    for i in range(0, n, BLOCK):
        acc = tl.multiple_of(acc, 4)
        acc += i
    tl.assume(n > 0)
    # CHECK-NOT: assume
    # CHECK: "kir.barrier"() : () -> ()
    tl.debug_barrier()
    x = tl.load(x_ptr + offs, mask=offs < n)
    tl.store(x_ptr + offs, x + acc, mask=offs < n)
    tl.store(x_ptr + tile, tl.load(x_ptr + tile))
