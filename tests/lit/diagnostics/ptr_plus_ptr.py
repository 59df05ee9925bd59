# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}ptr_plus_ptr.py:11:9: error: unsupported operand types for +: two pointers
# CHECK-NEXT: p = x_ptr + x_ptr
# CHECK-NEXT: {{^ {8}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    p = x_ptr + x_ptr
    tl.store(p, 0.0)
