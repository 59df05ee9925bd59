# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}break_unsupported.py:13:13: error: 'break' is not supported in kernels
# CHECK-NEXT: break
# CHECK-NEXT: {{^ {12}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    for i in range(n):
        if i > 3:
            break
        tl.store(x_ptr + i, 0.0)
