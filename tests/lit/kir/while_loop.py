# RUN: %kcc --emit=kir --signature 'lock_ptr=*i32,x_ptr=*i32,n=i32' -D BLOCK=16 %s | FileCheck %s
# while loops -> scf.while: the condition in the before region, loop-carried scalars as
# arguments; the tutorial-05 spin lock has no carried values.
import triton
import triton.language as tl


@triton.jit
def wl(lock_ptr, x_ptr, n, BLOCK: tl.constexpr):
    # CHECK: scf.while : () -> () {
    # CHECK: "kir.atomic_cas"
    # CHECK: arith.cmpi eq
    # CHECK: scf.condition
    while tl.atomic_cas(lock_ptr, 0, 1) == 1:
        pass
    i = 0
    s = 0
    # CHECK: scf.while (%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (i32, i32) -> (i32, i32) {
    # CHECK: arith.cmpi slt
    # CHECK: scf.condition(%{{.*}}) %{{.*}}, %{{.*}} : i32, i32
    # CHECK: } do {
    while i < n:
        s += tl.load(x_ptr + i)
        i += 1
    # CHECK: scf.yield %{{.*}}, %{{.*}} : i32, i32
    tl.store(x_ptr, s)
    tl.atomic_xchg(lock_ptr, 0)
