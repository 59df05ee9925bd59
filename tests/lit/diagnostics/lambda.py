# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}lambda.py:11:9: error: lambda is not supported in kernels
# CHECK-NEXT: f = lambda v: v + 1
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    f = lambda v: v + 1
    tl.store(x_ptr, f(n))
