# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}dtype_as_number.py:11:21: error: unsupported operand types for *: dtype fp32 and constexpr int 2
# CHECK-NEXT: tl.store(x_ptr, tl.float32 * 2)
# CHECK-NEXT: {{^ {20}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    tl.store(x_ptr, tl.float32 * 2)
