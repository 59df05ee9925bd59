# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}missing_argument.py:16:21: error: 'helper' missing required argument 'b'
# CHECK-NEXT: tl.store(x_ptr, helper(n))
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


@triton.jit
def helper(a, b):
    return a + b


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, helper(n))
