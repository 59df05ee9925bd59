# RUN: not %kcc --emit=kir --signature 'X=*fp32' %s 2>&1 | FileCheck --strict-whitespace %s
# Loops run at compile time in constexpr functions count together (nested loops multiply).
# CHECK: constexpr_loops.py:13:18: error: loops in constexpr functions ran more than 1000000 iterations
# CHECK-NEXT: {{^        for j in range\(n\):$}}
import triton
import triton.language as tl


@triton.constexpr_function
def spin(n):
    s = 0
    for i in range(n):
        for j in range(n):
            s += 1
    return s


@triton.jit
def k(X):
    tl.store(X, spin(100000))
