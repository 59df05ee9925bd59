# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}hint_values_count.py:12:12: error: tl.multiple_of: 2 values for a value of rank 1 (give one per dimension, or one int)
# CHECK-NEXT: offs = tl.multiple_of(pid * BLOCK + tl.arange(0, BLOCK), (BLOCK, 1))
# CHECK-NEXT: {{^ {11}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    pid = tl.program_id(0)
    offs = tl.multiple_of(pid * BLOCK + tl.arange(0, BLOCK), (BLOCK, 1))
    tl.store(x_ptr + offs, 1.0)
