# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}ptr_compare.py:12:8: error: cannot compare pointers with >
# CHECK-NEXT: if p > x_ptr:
# CHECK-NEXT: {{^ {7}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    p = x_ptr + n
    if p > x_ptr:
        tl.store(p, 0.0)
