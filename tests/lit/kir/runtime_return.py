# RUN: %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s | FileCheck %s
# `return` under a runtime if (outside loops): the rest of the function moves into the other
# branch; a helper's returned values become scf.if results.
import triton
import triton.language as tl


@triton.jit
def helper(x, n):
    if n > 3:
        return x * 2
    y = x + 1
    return y


@triton.jit
def early(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    # CHECK: arith.cmpi eq
    # CHECK-NEXT: scf.if %{{.*}} {
    # CHECK-NEXT: } else {
    if n == 0:
        return
    x = tl.load(x_ptr + offs)
    # CHECK: %[[R:.*]] = scf.if %{{.*}} -> (tensor<16xf32>) {
    # CHECK: arith.mulf
    # CHECK: } else {
    # CHECK: arith.addf
    # CHECK: "kir.store"(%{{.*}}, %[[R]])
    tl.store(x_ptr + offs, helper(x, n))
