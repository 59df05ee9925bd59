# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}return_some_paths.py:13:5: error: a function that returns inside a runtime 'if' must return on every path
# CHECK-NEXT: elif n < -5:
# CHECK-NEXT: {{^ {4}\^}}
import triton
import triton.language as tl


@triton.jit
def pick(x, n):
    if n > 0:
        return x
    elif n < -5:
        return x * 2


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, pick(1.0, n))
