# RUN: %kcc --emit=kir --signature 'x_ptr=*i32,n=i32,m=i32' -D BLOCK=16 -D FLAG=True %s | FileCheck %s
# and/or/not: short-circuit on constexprs, logical ops on runtime scalars.
import triton
import triton.language as tl


@triton.jit
def bool_ops(x_ptr, n, m, BLOCK: tl.constexpr, FLAG: tl.constexpr):
    pid = tl.program_id(0)
    # runtime scalars: both sides evaluated, combined with andi / ori on i1
    # CHECK: arith.cmpi sgt
    # CHECK: arith.cmpi slt
    # CHECK: arith.andi {{.*}} : i1
    c = pid > 0 and pid < n
    # CHECK: arith.ori {{.*}} : i1
    d = c or m == 0
    # not on a runtime bool is xor with true
    # CHECK: arith.xori {{.*}} : i1
    e = not d
    # constexprs short-circuit: FLAG or <anything> never evaluates the right side
    if FLAG or undefined_name:
        # CHECK: scf.if
        if e:
            tl.store(x_ptr + pid, 1)
