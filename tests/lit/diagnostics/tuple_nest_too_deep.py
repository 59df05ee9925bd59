# RUN: not %kcc --emit=kir --signature 'X=*fp32' %s 2>&1 | FileCheck --strict-whitespace %s
# Tuples nested by an unrolled loop are bounded: the walks over values recurse on them.
# CHECK: tuple_nest_too_deep.py:14:14: error: tuple nested too deeply (more than 200 levels)
# CHECK-NEXT: {{^        t = \(t, x\)$}}
import triton
import triton.language as tl


@triton.jit
def k(X):
    x = tl.load(X)
    t = (x,)
    for i in tl.static_range(1000):
        t = (t, x)
    tl.store(X, x)
