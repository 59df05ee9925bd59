# RUN: not %kcc --emit=kir --signature 'X=*fp32' %s 2>&1 | FileCheck --strict-whitespace %s
# Nested tl.static_range loops multiply: 100^3 iterations are refused at the loop that crosses
# the total, instead of unrolling until LLVM runs out of memory.
# CHECK: static_range.py:16:22: error: tl.static_range loops unroll more than 65536 iterations in total (nested loops multiply)
# CHECK-NEXT: {{^            for m in tl.static_range\(100\):$}}
# CHECK-NEXT: {{^ {21}\^$}}
import triton
import triton.language as tl


@triton.jit
def k(X):
    x = tl.load(X)
    for i in tl.static_range(100):
        for j in tl.static_range(100):
            for m in tl.static_range(100):
                x = x + 1
    tl.store(X, x)
