# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}program_id_axis.py:11:11: error: axis must be 0, 1 or 2, got 3
# CHECK-NEXT: pid = tl.program_id(3)
# CHECK-NEXT: {{^ {10}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(3)
