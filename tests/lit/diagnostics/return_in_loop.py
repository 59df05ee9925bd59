# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}return_in_loop.py:12:9: error: return inside a runtime 'if' within a loop is not supported
# CHECK-NEXT: if tl.load(x_ptr + i) > 0:
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def first_positive(x_ptr, n):
    for i in range(n):
        if tl.load(x_ptr + i) > 0:
            return i
    return -1


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, first_positive(x_ptr, n))
