# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}ptr_plus_float.py:11:14: error: pointer offset must be an integer, got fp32
# CHECK-NEXT: tl.store(x_ptr + 1.5, 0.0)
# CHECK-NEXT: {{^ {13}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr + 1.5, 0.0)
