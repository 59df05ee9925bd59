# RUN: not %kcc --emit=kir --signature 'X=*fp32' %s 2>&1 | FileCheck --strict-whitespace %s
# Pointer dtypes built in an unrolled loop are bounded like tuples.
# CHECK: pointer_type_too_deep.py:13:13: error: pointer type nested too deeply (more than 200 levels)
import triton
import triton.language as tl


@triton.jit
def k(X):
    x = tl.load(X)
    t = tl.float32
    for i in tl.static_range(1000):
        t = tl.pointer_type(t)
    tl.store(X, x)
