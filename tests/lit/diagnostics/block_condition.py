# RUN: not %kcc --emit=kir --signature 'x_ptr=*fp32,n=i32' -D BLOCK=16 %s 2>&1 | FileCheck --strict-whitespace %s
# CHECK: {{.*}}block_condition.py:13:8: error: condition must be a scalar, got a block of type <16xint1>
# CHECK-NEXT: if x > 0:
# CHECK-NEXT: {{^ {7}\^}}
import triton
import triton.language as tl


@triton.jit
def kernel(x_ptr, n, BLOCK: tl.constexpr):
    offs = tl.arange(0, BLOCK)
    x = tl.load(x_ptr + offs)
    if x > 0:
        tl.store(x_ptr + offs, x)
